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

/**
 * A mapping template as written: its text, or an intrinsic (`!Sub` naming a table, say) that the
 * runtime resolves to text at start, as CloudFormation does at deploy.
 */
export type TemplateSource = string | { intrinsic: unknown };
export type TemplateMap = Record<string, TemplateSource>;

/** An integration response of a non-proxy integration: chosen by its key, its body written by a template. */
export interface IntegrationResponseSpec {
  /** `$default`, or `/regex/` matched against the integration's status code. */
  key: string;
  templateSelectionExpression?: string;
  responseTemplates: TemplateMap;
}

/** What non-proxy integrations share: request templates chosen by a selection expression, and responses. */
interface MappedIntegration {
  templateSelectionExpression?: string;
  requestTemplates: TemplateMap;
  /** What happens to a request no template matches: WHEN_NO_MATCH (the default), NEVER. */
  passthroughBehavior: string;
  responses: IntegrationResponseSpec[];
  timeoutMs: number;
}

/** API Gateway answers by itself: the request template's `statusCode` is the integration's status. */
export interface MockIntegration extends MappedIntegration {
  type: 'MOCK';
}

/** The DynamoDB actions an AWS integration may call here, executed against the runtime's store. */
export const DYNAMODB_ACTIONS = ['PutItem', 'DeleteItem', 'GetItem', 'UpdateItem', 'Query'] as const;
export type DynamoDbAction = (typeof DYNAMODB_ACTIONS)[number];

/** An AWS (service) integration to a DynamoDB action: the request template writes the action's input. */
export interface DynamoDbIntegration extends MappedIntegration {
  type: 'AWS';
  service: 'dynamodb';
  action: DynamoDbAction;
}

/**
 * An AWS integration to Lambda's Invoke (a Lambda custom, or non-proxy, integration): the request
 * template writes the function's event, the function's result is the payload the integration responses
 * map. `X-Amz-Invocation-Type: 'Event'` among the request parameters makes the invocation asynchronous.
 */
export interface LambdaInvokeIntegration extends MappedIntegration {
  type: 'AWS';
  service: 'lambda';
  functionId: string;
  invocationType: 'RequestResponse' | 'Event';
}

/** What a route does with what it receives: one kind per integration type the runtime emulates. */
export type RouteIntegration = LambdaProxyIntegration | MockIntegration | DynamoDbIntegration | LambdaInvokeIntegration;

/** The integration a route targets, or why the runtime cannot serve it, in one line naming it. */
export type IntegrationReading = { integration: RouteIntegration } | { refusal: string };

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** A template map as written; intrinsics are kept for the runtime to resolve. */
function templateMap(value: unknown): TemplateMap | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, text]) => [
      key,
      typeof text === 'string' ? text : { intrinsic: text },
    ]),
  );
}

/**
 * The text of a value as written: a string, a Fn::Sub's template, or a Fn::Join's parts with each
 * intrinsic among them shown as `${…}` (enough to read the service and action of a URI).
 */
function writtenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const sub = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const join = (value as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
  return (join[1] as unknown[]).map((part) => writtenText(part) ?? '${…}').join(join[0]);
}

/** API Gateway's bounds for a WebSocket integration's TimeoutInMillis; outside them the deploy fails. */
export const INTEGRATION_TIMEOUT_BOUNDS_MS = { min: 50, max: DEFAULT_INTEGRATION_TIMEOUT_MS } as const;

function timeoutOf(properties: Record<string, unknown>): number {
  return Number(properties.TimeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS);
}

/** Why a TimeoutInMillis would not deploy (an integer of 50 to 29,000 ms), or undefined. */
function timeoutRefusal(named: string, properties: Record<string, unknown>): string | undefined {
  const millis = timeoutOf(properties);
  const { min, max } = INTEGRATION_TIMEOUT_BOUNDS_MS;
  if (Number.isInteger(millis) && millis >= min && millis <= max) return undefined;
  return `${named} with TimeoutInMillis ${String(properties.TimeoutInMillis)}: WebSocket APIs take ${min} to ${max} ms`;
}

/** Reads an AWS::ApiGatewayV2::Integration (and its IntegrationResponses) of a WebSocket route. */
export function readV2Integration(template: Template, integrationId: string | undefined): IntegrationReading {
  const integration = integrationId ? template.Resources[integrationId] : undefined;
  const properties = integration?.Properties ?? {};
  const type = String(properties.IntegrationType ?? 'none');
  const named = `its integration ${integrationId ?? '(none)'} is ${type}`;
  // What the integration targets first: a service not emulated is the reason, whatever else it sets.
  const reading = readKind(template, named, integrationId, properties);
  if ('refusal' in reading) return reading;
  if (properties.ContentHandlingStrategy !== undefined)
    return { refusal: `${named} with ContentHandlingStrategy (binary conversion is not emulated)` };
  const badTimeout = timeoutRefusal(named, properties);
  return badTimeout ? { refusal: badTimeout } : reading;
}

function readKind(
  template: Template,
  named: string,
  integrationId: string | undefined,
  properties: Record<string, unknown>,
): IntegrationReading {
  const type = String(properties.IntegrationType ?? 'none');
  if (type === 'AWS_PROXY') return lambdaProxy(template, named, properties);
  if (type === 'MOCK') return mapped(template, named, integrationId!, properties, { type: 'MOCK' });
  if (type === 'AWS') return awsService(template, named, integrationId!, properties);
  return {
    refusal:
      `${named}${properties.RequestTemplates ? ' with request templates (VTL)' : ''}; ` +
      'Lambda proxy (AWS_PROXY), MOCK and AWS integrations to Lambda or DynamoDB actions are emulated',
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

/** `arn:aws:apigateway:<region>:<service>:action/<Action>` (or `path/…`): the service and the action. */
function awsService(
  template: Template,
  named: string,
  integrationId: string,
  properties: Record<string, unknown>,
): IntegrationReading {
  const uri = writtenText(properties.IntegrationUri) ?? '';
  // The region is often `${AWS::Region}`, colons and all.
  const match = /:apigateway:(?:\$\{[^}]*\}|[^:$])*:([^:]+):(action|path)\/(.+)$/.exec(uri);
  const [, service, style, action] = match ?? [];
  if (service === 'lambda' && style === 'path') return lambdaInvoke(template, named, integrationId, properties);
  if (service !== 'dynamodb' || style !== 'action' || !DYNAMODB_ACTIONS.includes(action as DynamoDbAction))
    return {
      refusal:
        `${named} to ${service ? `${service} ${style}/${action}` : 'an unrecognised service URI'}; ` +
        `of AWS service integrations only Lambda functions of this template and DynamoDB actions ` +
        `(${DYNAMODB_ACTIONS.join(', ')}) are emulated`,
    };
  return mapped(template, named, integrationId, properties, {
    type: 'AWS',
    service: 'dynamodb',
    action: action as DynamoDbAction,
  });
}

/** `…:lambda:path/2015-03-31/functions/<function>/invocations`: Lambda's Invoke, sync or async. */
function lambdaInvoke(
  template: Template,
  named: string,
  integrationId: string,
  properties: Record<string, unknown>,
): IntegrationReading {
  const functionId = functionIn(template, properties.IntegrationUri);
  if (!functionId) return { refusal: `${named} to a Lambda function that is not one of this template` };
  const parameters = (properties.RequestParameters ?? {}) as Record<string, unknown>;
  // A static request parameter is a quoted literal: `'Event'`.
  const requested = String(parameters['integration.request.header.X-Amz-Invocation-Type'] ?? "'RequestResponse'");
  const invocationType = requested.replace(/^'(.*)'$/, '$1');
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event')
    return { refusal: `${named}: X-Amz-Invocation-Type ${requested} is not 'Event' or 'RequestResponse'` };
  return mapped(template, named, integrationId, properties, {
    type: 'AWS',
    service: 'lambda',
    functionId,
    invocationType,
  });
}

type MappedKind =
  | { type: 'MOCK' }
  | Pick<DynamoDbIntegration, 'type' | 'service' | 'action'>
  | Pick<LambdaInvokeIntegration, 'type' | 'service' | 'functionId' | 'invocationType'>;

function mapped<Kind extends MappedKind>(
  template: Template,
  named: string,
  integrationId: string,
  properties: Record<string, unknown>,
  kind: Kind,
): IntegrationReading {
  const requestTemplates = templateMap(properties.RequestTemplates);
  if (!requestTemplates) return { refusal: `${named} whose RequestTemplates is not a map of templates` };
  const responses: IntegrationResponseSpec[] = [];
  for (const [responseId, response] of integrationResponses(template, integrationId)) {
    const responseTemplates = templateMap(response.Properties?.ResponseTemplates);
    if (!responseTemplates) return { refusal: `${responseId}: ResponseTemplates is not a map of templates` };
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
      ...kind,
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
  integration.type === 'AWS_PROXY' || (integration.type === 'AWS' && integration.service === 'lambda')
    ? integration.functionId
    : undefined;
