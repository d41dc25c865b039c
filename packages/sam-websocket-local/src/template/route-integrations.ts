import type { Template, TemplateResource } from './cfn-yaml';
import { functionIn } from './function-references';
import { referencedIds } from './references';

/** API Gateway's default and maximum integration timeout for WebSocket APIs. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** The function's output is the route's answer (API Gateway's Lambda proxy integration). */
export interface LambdaProxyIntegration {
  type: 'AWS_PROXY';
  functionId: string;
  timeoutMs: number;
}

/** An integration response of a non-proxy integration: chosen by its key, its body written by a template. */
export interface IntegrationResponseSpec {
  /** `$default`, or `/regex/` matched against the integration's status code. */
  key: string;
  templateSelectionExpression?: string;
  responseTemplates: Record<string, string>;
}

/** API Gateway answers by itself: the request template's `statusCode` is the integration's status. */
export interface MockIntegration {
  type: 'MOCK';
  templateSelectionExpression?: string;
  requestTemplates: Record<string, string>;
  /** What happens to a request no template matches: WHEN_NO_MATCH (the default), NEVER. */
  passthroughBehavior: string;
  responses: IntegrationResponseSpec[];
  timeoutMs: number;
}

/** What a route does with what it receives: one kind per integration type the runtime emulates. */
export type RouteIntegration = LambdaProxyIntegration | MockIntegration;

/** The integration a route targets, or why the runtime cannot serve it, in one line naming it. */
export type IntegrationReading = { integration: RouteIntegration } | { refusal: string };

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** Template maps whose values are strings as written (an intrinsic in a template is not resolved here). */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.every(([, text]) => typeof text === 'string')
    ? (Object.fromEntries(entries) as Record<string, string>)
    : undefined;
}

function timeoutOf(properties: Record<string, unknown>): number {
  const millis = Number(properties.TimeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS);
  return Number.isFinite(millis) && millis > 0 ? millis : DEFAULT_INTEGRATION_TIMEOUT_MS;
}

/** Reads an AWS::ApiGatewayV2::Integration (and its IntegrationResponses) of a WebSocket route. */
export function readV2Integration(template: Template, integrationId: string | undefined): IntegrationReading {
  const integration = integrationId ? template.Resources[integrationId] : undefined;
  const properties = integration?.Properties ?? {};
  const type = String(properties.IntegrationType ?? 'none');
  const named = `its integration ${integrationId ?? '(none)'} is ${type}`;
  if (properties.ContentHandlingStrategy !== undefined)
    return { refusal: `${named} with ContentHandlingStrategy (binary conversion is not emulated)` };
  if (type === 'AWS_PROXY') return lambdaProxy(template, named, properties);
  if (type === 'MOCK') return mock(template, named, integrationId!, properties);
  return {
    refusal:
      `${named}${properties.RequestTemplates ? ' with request templates (VTL)' : ''}; ` +
      'Lambda proxy (AWS_PROXY) and MOCK integrations are emulated',
  };
}

function lambdaProxy(template: Template, named: string, properties: Record<string, unknown>): IntegrationReading {
  const functionId = functionIn(template, properties.IntegrationUri);
  if (!functionId) return { refusal: `${named} to something other than a function of this template` };
  // A proxy integration hands the event over as it is: API Gateway takes no templates on it.
  if (properties.RequestTemplates !== undefined)
    return { refusal: `${named} with request templates (VTL), which proxy integrations do not take` };
  return { integration: { type: 'AWS_PROXY', functionId, timeoutMs: timeoutOf(properties) } };
}

function mock(
  template: Template,
  named: string,
  integrationId: string,
  properties: Record<string, unknown>,
): IntegrationReading {
  const requestTemplates = stringMap(properties.RequestTemplates);
  if (!requestTemplates) return { refusal: `${named} whose RequestTemplates are not plain strings` };
  const responses: IntegrationResponseSpec[] = [];
  for (const [responseId, response] of integrationResponses(template, integrationId)) {
    const responseTemplates = stringMap(response.Properties?.ResponseTemplates);
    if (!responseTemplates) return { refusal: `${responseId}: ResponseTemplates that are not plain strings` };
    if (response.Properties?.ContentHandlingStrategy !== undefined)
      return { refusal: `${responseId}: ContentHandlingStrategy (binary conversion is not emulated)` };
    responses.push({
      key: String(response.Properties?.IntegrationResponseKey ?? '$default'),
      templateSelectionExpression: optionalString(response.Properties?.TemplateSelectionExpression),
      responseTemplates,
    });
  }
  return {
    integration: {
      type: 'MOCK',
      templateSelectionExpression: optionalString(properties.TemplateSelectionExpression),
      requestTemplates,
      passthroughBehavior: String(properties.PassthroughBehavior ?? 'WHEN_NO_MATCH'),
      responses,
      timeoutMs: timeoutOf(properties),
    },
  };
}

const optionalString = (value: unknown) => (value === undefined ? undefined : String(value));

function integrationResponses(template: Template, integrationId: string): Array<[string, TemplateResource]> {
  return ofType(template, 'AWS::ApiGatewayV2::IntegrationResponse').filter(
    ([, response]) => referencedIds(response.Properties?.IntegrationId)[0] === integrationId,
  );
}

/** The function behind a route, for what still thinks in functions (sample events, the console). */
export const integrationFunction = (integration: RouteIntegration): string | undefined =>
  integration.type === 'AWS_PROXY' ? integration.functionId : undefined;
