import type { LambdaInvokeIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { requestPayload, responseBody } from './mapped-request';

/**
 * An AWS integration to Lambda's Invoke (non-proxy): the rendered request template (or, with
 * passthrough, the message) is the function's event, so it must be JSON, as Lambda's Invoke requires.
 * Invoked synchronously, the function's result is the payload the integration responses map, with
 * Invoke's status 200; asynchronously (`'Event'`), the function is queued and the status is 202.
 */
export async function callLambdaInvoke(
  integration: LambdaInvokeIntegration,
  event: RouteEvent,
  deps: IntegrationDeps,
): Promise<IntegrationResult> {
  const fields = {
    fn: integration.functionId,
    integration: `lambda:${integration.invocationType}`,
    route: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
  };
  const input = functionEvent(integration, event);
  if ('error' in input) {
    deps.log.error('integration', { ...fields, status: 'error', errorMessage: input.error });
    return { ok: false };
  }
  if (integration.invocationType === 'Event' && deps.invokeAsync) {
    const requestId = deps.invokeAsync(integration.functionId, input.event);
    deps.log.info('integration', { ...fields, status: 202, requestId });
    return { ok: true, statusCode: 202, body: responseBody(integration.responses, 202, event, '') };
  }
  const invocation = await deps.invoke(integration.functionId, input.event);
  const { outcome } = invocation;
  const timing = { ms: Math.round(invocation.durationMs), requestId: invocation.requestId };
  if (!outcome.ok) {
    const { errorType, errorMessage } = outcome.error;
    deps.log.error('invoke', { ...fields, status: 'error', ...timing, errorType, errorMessage });
    return { ok: false };
  }
  deps.log.info('invoke', { ...fields, status: 200, ...timing, cold: invocation.coldStart || undefined });
  // Invoke's payload is the result as JSON; a function that returns nothing gives `null`.
  const payload = JSON.stringify(outcome.result ?? null);
  return { ok: true, statusCode: 200, body: responseBody(integration.responses, 200, event, payload) };
}

function functionEvent(
  integration: LambdaInvokeIntegration,
  event: RouteEvent,
): { event: unknown } | { error: string } {
  const request = requestPayload(integration, event);
  if ('error' in request) return request;
  try {
    return { event: JSON.parse(request.payload) as unknown };
  } catch {
    // What Lambda's Invoke answers to a payload that is not JSON.
    return { error: 'InvalidRequestContentException: Could not parse request body into json' };
  }
}
