import type {
  DynamoDbIntegration,
  IntegrationResponseSpec,
  LambdaInvokeIntegration,
  MockIntegration,
} from '../../template/application';
import type { RouteEvent } from './integration-call';
import { pickIntegrationResponse, pickTemplate, selectionKey } from './selection';
import { renderMappingTemplate } from './vtl';

/**
 * What a non-proxy integration sends its backend: the request template the selection expression
 * picks, rendered; with none, the message itself unless PassthroughBehavior is NEVER (then why not).
 */
export function requestPayload(
  integration: MockIntegration | DynamoDbIntegration | LambdaInvokeIntegration,
  event: RouteEvent,
): { payload: string } | { error: string } {
  const key = selectionKey(integration.templateSelectionExpression, event.body);
  const template = pickTemplate(integration.requestTemplates, key);
  if (template !== undefined) return { payload: renderMappingTemplate(template, event) };
  if (integration.passthroughBehavior === 'NEVER')
    return { error: `No request template matches "${key}" and PassthroughBehavior is NEVER` };
  return { payload: event.body ?? '' };
}

/**
 * The answer's body: the integration response chosen for the status, its response template chosen by
 * its own selection expression and rendered over the backend's payload; none when nothing matches.
 */
export function responseBody(
  responses: IntegrationResponseSpec[],
  statusCode: number,
  event: RouteEvent,
  backendBody: string,
): string | undefined {
  const response = pickIntegrationResponse(responses, statusCode);
  if (!response) return undefined;
  const key = selectionKey(response.templateSelectionExpression, backendBody, statusCode);
  const template = pickTemplate(response.responseTemplates, key);
  return template === undefined ? undefined : renderMappingTemplate(template, event, backendBody);
}
