import type { MockIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { requestPayload, responseBody } from './mapped-request';

const NO_STATUS =
  'Execution failed due to configuration error: statusCode should be an integer which defined in request template';

/**
 * MOCK: API Gateway answers by itself. The selected request template (or, with passthrough, the
 * message) must render to JSON with an integer `statusCode`, the integration's status; the integration
 * response chosen for that status writes the body, which a two-way route sends back.
 */
export async function callMock(
  integration: MockIntegration,
  event: RouteEvent,
  { log }: IntegrationDeps,
): Promise<IntegrationResult> {
  const fields = {
    integration: 'MOCK',
    route: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
  };
  const request = requestPayload(integration, event);
  const statusCode = 'payload' in request ? statusIn(request.payload) : undefined;
  if (statusCode === undefined) {
    log.error('integration', {
      ...fields,
      status: 'error',
      errorMessage: 'error' in request ? request.error : NO_STATUS,
    });
    return { ok: false };
  }
  log.info('integration', { ...fields, status: statusCode });
  // A mock has no backend payload: its response templates see an empty body.
  return { ok: true, statusCode, body: responseBody(integration.responses, statusCode, event, '') };
}

function statusIn(payload: string): number | undefined {
  try {
    const statusCode = (JSON.parse(payload) as { statusCode?: unknown } | null)?.statusCode;
    return Number.isInteger(statusCode) ? (statusCode as number) : undefined;
  } catch {
    return undefined;
  }
}
