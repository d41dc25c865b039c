import type { MockIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { pickIntegrationResponse, pickTemplate, selectionKey } from './selection';
import { renderMappingTemplate } from './vtl';

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
  const statusCode = mockStatus(integration, event);
  if (typeof statusCode === 'string') {
    log.error('integration', { ...fields, status: 'error', errorMessage: statusCode });
    return { ok: false };
  }
  const response = pickIntegrationResponse(integration.responses, statusCode);
  const template = response
    ? pickTemplate(
        response.responseTemplates,
        selectionKey(response.templateSelectionExpression, event.body, statusCode),
      )
    : undefined;
  // A mock has no backend payload: its response templates see an empty body.
  const body = template === undefined ? undefined : renderMappingTemplate(template, event, '');
  log.info('integration', { ...fields, status: statusCode });
  return { ok: true, statusCode, body };
}

/** The integration's status code, or why there is none (API Gateway's words for a configuration error). */
function mockStatus(integration: MockIntegration, event: RouteEvent): number | string {
  const key = selectionKey(integration.templateSelectionExpression, event.body);
  const template = pickTemplate(integration.requestTemplates, key);
  let payload: string;
  if (template !== undefined) payload = renderMappingTemplate(template, event);
  else if (integration.passthroughBehavior === 'NEVER')
    return `No request template matches "${key}" and PassthroughBehavior is NEVER`;
  else payload = event.body ?? '';
  let statusCode: unknown;
  try {
    statusCode = (JSON.parse(payload) as { statusCode?: unknown } | null)?.statusCode;
  } catch {
    statusCode = undefined;
  }
  return Number.isInteger(statusCode)
    ? (statusCode as number)
    : 'Execution failed due to configuration error: statusCode should be an integer which defined in request template';
}
