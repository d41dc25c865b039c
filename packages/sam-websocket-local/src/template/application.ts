import type { Template, TemplateResource } from './cfn-yaml';
import { type FunctionSpec, type RestEvent, FUNCTION_TYPES } from './function-spec';
import { type HttpEvent, httpEvents } from './http-events';
import { readCfnHttpApis } from './cfn-http-apis';
import { cfnFunctionSpec } from './lambda-function';
import { referencedIds } from './references';
import { readWebSocketApis, type WebSocketApiSpec } from './websocket-apis';
import { integrationFunction } from './route-integrations';
import { eventSourceNotices } from './event-sources';

export { referencedIds } from './references';
export type { ConnectAuthorizer, WebSocketApiSpec, WebSocketRoute } from './websocket-apis';
export type {
  DynamoDbAction,
  DynamoDbIntegration,
  IntegrationResponseSpec,
  LambdaInvokeIntegration,
  LambdaProxyIntegration,
  MockIntegration,
  RouteIntegration,
  TemplateMap,
  TemplateSource,
} from './route-integrations';
export { integrationFunction } from './route-integrations';
export type { HttpEvent } from './http-events';
export { type FunctionSpec, type RestEvent, FUNCTION_TYPES, isFunction } from './function-spec';

export interface LayerSpec {
  logicalId: string;
  contentUri: string;
  buildMethod?: string;
}

export interface TableSpec {
  logicalId: string;
  properties: Record<string, unknown>;
}

export interface Application {
  template: Template;
  functions: Map<string, FunctionSpec>;
  layers: Map<string, LayerSpec>;
  webSocketApis: WebSocketApiSpec[];
  tables: Map<string, TableSpec>;
  restEvents: RestEvent[];
  httpEvents: HttpEvent[];
  /** What the template asks for that the runtime does not emulate, each naming its resource. */
  unsupported: string[];
  /** What the template says that changes nothing, locally as on AWS: said at start. */
  notices: string[];
}

interface RestAuth {
  Authorizer?: string;
  DefaultAuthorizer?: string;
  ApiKeyRequired?: boolean;
}
const restAuth = (properties: Record<string, unknown> | undefined): RestAuth => (properties?.Auth ?? {}) as RestAuth;

function ofType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function functionSpec(template: Template, logicalId: string, resource: TemplateResource): FunctionSpec {
  const globals = (template.Globals?.Function ?? {}) as Record<string, unknown>;
  const properties = { ...globals, ...(resource.Properties ?? {}) } as Record<string, unknown>;
  const variables = (value: unknown) =>
    ((value as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
  const events = (resource.Properties?.Events ?? {}) as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const restEvents: RestEvent[] = Object.entries(events)
    .filter(([, event]) => event.Type === 'Api')
    .map(([name, event]) => {
      const restApiId = referencedIds(event.Properties.RestApiId)[0];
      const api = restApiId ? template.Resources[restApiId] : undefined;
      // SAM's Globals.Api apply to every Api resource and to the implicit one.
      const apiAuth: RestAuth = {
        ...restAuth(template.Globals?.Api as Record<string, unknown>),
        ...restAuth(api?.Properties),
      };
      const eventAuth = restAuth(event.Properties);
      return {
        name,
        functionId: logicalId,
        method: String(event.Properties.Method).toUpperCase(),
        path: String(event.Properties.Path),
        restApiId,
        authorizer: eventAuth.Authorizer ?? apiAuth.DefaultAuthorizer ?? 'NONE',
        apiKeyRequired: Boolean(eventAuth.ApiKeyRequired ?? apiAuth.ApiKeyRequired ?? false),
      };
    });
  return {
    logicalId,
    handler: String(properties.Handler),
    codeUri: String(properties.CodeUri ?? '.'),
    inlineCode: typeof properties.InlineCode === 'string' ? properties.InlineCode : undefined,
    packageType: String(properties.PackageType ?? 'Zip'),
    runtime: String(properties.Runtime ?? ''),
    timeout: properties.Timeout ?? 3,
    memorySize: properties.MemorySize ?? 128,
    functionName: properties.FunctionName,
    reservedConcurrency: properties.ReservedConcurrentExecutions,
    loggingConfig: properties.LoggingConfig as Record<string, unknown> | undefined,
    layers: ((properties.Layers ?? []) as unknown[])
      .flatMap(referencedIds)
      .filter((id) => template.Resources[id]?.Type === 'AWS::Serverless::LayerVersion'),
    layerValues: (properties.Layers ?? []) as unknown[],
    environment: { ...variables(globals.Environment), ...variables(resource.Properties?.Environment) },
    buildMethod: resource.Metadata?.BuildMethod as string | undefined,
    buildProperties: (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>,
    restEvents,
    httpEvents: httpEvents(template, logicalId, events),
  };
}

/** SAM's SimpleTable as the DynamoDB table it becomes: one hash key (default `id`, a String). */
function simpleTable(properties: Record<string, unknown>): Record<string, unknown> {
  const key = (properties.PrimaryKey ?? { Name: 'id', Type: 'String' }) as { Name: string; Type: string };
  const type = { String: 'S', Number: 'N', Binary: 'B' }[key.Type] ?? 'S';
  return {
    TableName: properties.TableName,
    AttributeDefinitions: [{ AttributeName: key.Name, AttributeType: type }],
    KeySchema: [{ AttributeName: key.Name, KeyType: 'HASH' }],
    BillingMode: properties.ProvisionedThroughput ? 'PROVISIONED' : 'PAY_PER_REQUEST',
  };
}

export function readApplication(template: Template): Application {
  const functions = new Map(
    Object.entries(template.Resources)
      .filter(([, resource]) => FUNCTION_TYPES.has(resource.Type))
      .map(
        ([id, resource]) =>
          [
            id,
            resource.Type === 'AWS::Lambda::Function'
              ? cfnFunctionSpec(template, id, resource)
              : functionSpec(template, id, resource),
          ] as const,
      ),
  );
  const layers = new Map(
    ofType(template, 'AWS::Serverless::LayerVersion').map(([id, resource]) => [
      id,
      {
        logicalId: id,
        contentUri: String(resource.Properties?.ContentUri ?? '.'),
        buildMethod: resource.Metadata?.BuildMethod as string | undefined,
      },
    ]),
  );
  const tables = new Map([
    ...ofType(template, 'AWS::DynamoDB::Table').map(
      ([id, resource]) => [id, { logicalId: id, properties: resource.Properties ?? {} }] as const,
    ),
    ...ofType(template, 'AWS::Serverless::SimpleTable').map(
      ([id, resource]) => [id, { logicalId: id, properties: simpleTable(resource.Properties ?? {}) }] as const,
    ),
  ]);
  const webSocket = readWebSocketApis(template);
  const cfnHttp = readCfnHttpApis(template);
  const allHttpEvents = [...[...functions.values()].flatMap((fn) => fn.httpEvents), ...cfnHttp.events];
  return {
    template,
    functions,
    layers,
    webSocketApis: webSocket.apis,
    tables,
    restEvents: [...functions.values()].flatMap((fn) => fn.restEvents),
    httpEvents: allHttpEvents,
    notices: [...webSocket.notices, ...eventSourceNotices(template)],
    unsupported: [
      ...webSocket.unsupported,
      ...cfnHttp.unsupported,
      ...allHttpEvents
        .filter((event) => event.payloadFormatVersion !== '2.0')
        .map(
          (event) =>
            `${event.functionId} event ${event.name}: HttpApi payload format ${event.payloadFormatVersion} (2.0 is emulated)`,
        ),
      // Serving these routes open would let everyone in: the start stops instead.
      ...[...[...functions.values()].flatMap((fn) => fn.restEvents), ...allHttpEvents]
        .filter((event) => event.authorizer !== 'NONE' && event.authorizer !== 'AWS_IAM')
        .map(
          (event) =>
            `${event.functionId} event ${event.name}: authorizer ${event.authorizer} (on REST and HTTP routes only AWS_IAM is emulated, with --strict-auth)`,
        ),
    ],
  };
}

/** The function API Gateway would invoke for a sample event: by route key (WebSocket) or method and resource (REST). */
export function functionForEvent(app: Application, event: Record<string, unknown>): string | undefined {
  const context = (event.requestContext ?? {}) as { routeKey?: string };
  if (context.routeKey !== undefined) {
    for (const api of app.webSocketApis) {
      const route = api.routes.get(context.routeKey);
      if (route) return integrationFunction(route.integration);
    }
    return undefined;
  }
  return app.restEvents.find((rest) => rest.method === event.httpMethod && rest.path === event.resource)?.functionId;
}
