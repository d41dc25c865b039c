import type { Template, TemplateResource } from './cfn-yaml';
import { functionIn } from './function-references';
import { referencedIds } from './references';
import { DEFAULT_INTEGRATION_TIMEOUT_MS, readV2Integration, type RouteIntegration } from './route-integrations';

export interface WebSocketRoute {
  routeKey: string;
  /** What the route does with what it receives; the gateway calls it and knows no function. */
  integration: RouteIntegration;
  /** Routes with a route response send the integration's body back to the caller. */
  twoWay: boolean;
}

/** A Lambda REQUEST authorizer on $connect. */
export interface ConnectAuthorizer {
  name: string;
  functionId: string;
  /** As API Gateway writes them: route.request.header.X, route.request.querystring.Y. */
  identitySources: string[];
}

export interface WebSocketApiSpec {
  logicalId: string;
  routeSelectionExpression: string;
  routes: Map<string, WebSocketRoute>;
  /** The Stage resource's StageName, unresolved. */
  stageName: unknown;
  authorizer?: ConnectAuthorizer;
  /** $connect requires a SigV4-signed handshake (AuthorizationType / AuthType AWS_IAM). */
  iamOnConnect: boolean;
  /** $connect requires an API key (ApiKeyRequired). */
  apiKeyOnConnect: boolean;
}

/** What a route asks for that the runtime does not emulate, named; empty when it can serve the route. */
function routeRefusals(where: string, routeKey: string, properties: Record<string, unknown> | undefined): string[] {
  const refusals: string[] = [];
  if (properties?.RequestModels !== undefined)
    refusals.push(`${where} (route "${routeKey}"): request validation models (RequestModels) are not emulated`);
  if (properties?.ApiKeyRequired === true && routeKey !== '$connect')
    refusals.push(`${where} (route "${routeKey}"): ApiKeyRequired is emulated on $connect only`);
  return refusals;
}

export interface WebSocketApis {
  apis: WebSocketApiSpec[];
  /** What the template asks for that the runtime does not emulate, each naming its resource. */
  unsupported: string[];
  /** What the template says that changes nothing here, as on AWS, said once at start. */
  notices: string[];
}

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
const sources = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value.split(',').map((part) => part.trim())
      : [];

/** Both ways of writing a WebSocket API: ApiGatewayV2 resources, and SAM's AWS::Serverless::WebSocketApi. */
export function readWebSocketApis(template: Template): WebSocketApis {
  const unsupported: string[] = [];
  const notices: string[] = [];
  const apis = [
    ...ofType(template, 'AWS::ApiGatewayV2::Api')
      .filter(([, api]) => api.Properties?.ProtocolType === 'WEBSOCKET')
      .map(([apiId, api]) => fromApiGatewayV2(template, apiId, api, unsupported)),
    ...ofType(template, 'AWS::Serverless::WebSocketApi').map(([apiId, api]) =>
      fromServerless(template, apiId, api, unsupported, notices),
    ),
  ];
  return { apis, unsupported, notices };
}

function fromApiGatewayV2(
  template: Template,
  apiId: string,
  api: TemplateResource,
  unsupported: string[],
): WebSocketApiSpec {
  const belongs = (resource: TemplateResource) => referencedIds(resource.Properties?.ApiId)[0] === apiId;
  const routeResponses = new Set(
    ofType(template, 'AWS::ApiGatewayV2::RouteResponse')
      .filter(([, response]) => belongs(response))
      .flatMap(([, response]) => referencedIds(response.Properties?.RouteId)),
  );
  const routes = new Map<string, WebSocketRoute>();
  let authorizer: ConnectAuthorizer | undefined;
  let iamOnConnect = false;
  let apiKeyOnConnect = false;
  for (const [routeId, route] of ofType(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => belongs(r))) {
    const routeKey = String(route.Properties?.RouteKey);
    const reading = readV2Integration(template, referencedIds(route.Properties?.Target)[0]);
    if ('refusal' in reading) {
      unsupported.push(`${routeId} (route "${routeKey}"): ${reading.refusal}`);
      continue;
    }
    unsupported.push(...routeRefusals(routeId, routeKey, route.Properties));
    routes.set(routeKey, { routeKey, integration: reading.integration, twoWay: routeResponses.has(routeId) });
    if (routeKey !== '$connect') continue;
    apiKeyOnConnect = route.Properties?.ApiKeyRequired === true;
    const authorization = String(route.Properties?.AuthorizationType ?? 'NONE');
    if (authorization === 'CUSTOM') authorizer = v2Authorizer(template, routeId, route, unsupported);
    else if (authorization === 'AWS_IAM') iamOnConnect = true;
    else if (authorization !== 'NONE')
      unsupported.push(`${routeId}: AuthorizationType ${authorization} (NONE, AWS_IAM and CUSTOM are emulated)`);
  }
  const stage = ofType(template, 'AWS::ApiGatewayV2::Stage').find(([, s]) => belongs(s))?.[1];
  return {
    logicalId: apiId,
    routeSelectionExpression: String(api.Properties?.RouteSelectionExpression ?? '$request.body.action'),
    routes,
    stageName: stage?.Properties?.StageName,
    authorizer,
    iamOnConnect,
    apiKeyOnConnect,
  };
}

function v2Authorizer(
  template: Template,
  routeId: string,
  route: TemplateResource,
  unsupported: string[],
): ConnectAuthorizer | undefined {
  const authorizerId = referencedIds(route.Properties?.AuthorizerId)[0];
  const properties = authorizerId ? template.Resources[authorizerId]?.Properties : undefined;
  const functionId = functionIn(template, properties?.AuthorizerUri);
  if (!authorizerId || properties?.AuthorizerType !== 'REQUEST' || !functionId) {
    // Failing open would let everyone in: the start stops instead.
    unsupported.push(
      `${routeId}: its authorizer ${authorizerId ?? '(none)'} is not a Lambda REQUEST authorizer on a function of this template`,
    );
    return undefined;
  }
  return { name: authorizerId, functionId, identitySources: sources(properties.IdentitySource) };
}

function fromServerless(
  template: Template,
  apiId: string,
  api: TemplateResource,
  unsupported: string[],
  notices: string[],
): WebSocketApiSpec {
  // SAM's Globals.WebSocketApi apply to every WebSocketApi.
  const properties = { ...(template.Globals?.WebSocketApi as Record<string, unknown>), ...api.Properties };
  const routes = new Map<string, WebSocketRoute>();
  const routeSpecs = (properties.Routes ?? {}) as Record<string, Record<string, unknown>>;
  for (const [routeKey, route] of Object.entries(routeSpecs)) {
    const functionId = functionIn(template, route.FunctionArn);
    if (!functionId) {
      unsupported.push(`${apiId} route "${routeKey}": FunctionArn names no function of this template`);
      continue;
    }
    unsupported.push(...routeRefusals(apiId, routeKey, route));
    // SAM copies it onto the Route but makes no RouteResponse, and without one API Gateway sends
    // nothing back: the route stays one-way there, and so here.
    if (route.RouteResponseSelectionExpression !== undefined)
      notices.push(
        `${apiId} route "${routeKey}": RouteResponseSelectionExpression without a RouteResponse (SAM's transform makes none), so the route is one-way, as on AWS; declare the API with AWS::ApiGatewayV2 resources and a RouteResponse for a two-way route`,
      );
    routes.set(routeKey, {
      routeKey,
      integration: { type: 'AWS_PROXY', functionId, timeoutMs: DEFAULT_INTEGRATION_TIMEOUT_MS },
      twoWay: false,
    });
  }
  const auth = properties.Auth as
    { AuthType?: string; AuthArn?: unknown; IdentitySource?: unknown; Name?: string } | undefined;
  let authorizer: ConnectAuthorizer | undefined;
  if (auth?.AuthType === 'CUSTOM') {
    const functionId = functionIn(template, auth.AuthArn);
    if (functionId)
      authorizer = {
        name: auth.Name ?? `${apiId}Authorizer`,
        functionId,
        identitySources: sources(auth.IdentitySource),
      };
    else unsupported.push(`${apiId}: Auth.AuthArn names no function of this template`);
  } else if (auth?.AuthType !== undefined && auth.AuthType !== 'AWS_IAM' && auth.AuthType !== 'NONE') {
    unsupported.push(`${apiId}: Auth.AuthType ${auth.AuthType} (NONE, AWS_IAM and CUSTOM are emulated)`);
  }
  return {
    logicalId: apiId,
    routeSelectionExpression: String(properties.RouteSelectionExpression ?? '$request.body.action'),
    routes,
    // SAM's default stage name for this resource.
    stageName: properties.StageName ?? 'default',
    authorizer,
    iamOnConnect: auth?.AuthType === 'AWS_IAM',
    apiKeyOnConnect: routeSpecs.$connect?.ApiKeyRequired === true,
  };
}
