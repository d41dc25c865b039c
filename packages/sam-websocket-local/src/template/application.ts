import type { Template, TemplateResource } from './cfn-yaml';

/** What the template says about each part, read once; nothing here is declared anywhere else. */
export interface FunctionSpec {
  logicalId: string;
  handler: string;
  codeUri: string;
  /** InlineCode: the function's whole source, as CloudFormation writes it to index.js / index.py. */
  inlineCode?: string;
  /** Zip (code folder or inline) or Image (not emulated). */
  packageType: string;
  runtime: string;
  /** Timeout, MemorySize and FunctionName as written: they may refer to parameters. */
  timeout: unknown;
  memorySize: unknown;
  functionName?: unknown;
  layers: string[];
  /** Globals and function variables merged, still unresolved (intrinsics intact). */
  environment: Record<string, unknown>;
  buildMethod?: string;
  buildProperties: Record<string, unknown>;
  restEvents: RestEvent[];
}

export interface RestEvent {
  name: string;
  functionId: string;
  method: string;
  path: string;
  restApiId?: string;
  /** AWS_IAM, NONE, or an authorizer name. */
  authorizer: string;
}

export interface LayerSpec {
  logicalId: string;
  contentUri: string;
  buildMethod?: string;
}

export interface WebSocketRoute {
  routeKey: string;
  functionId: string;
  /** Routes with a route response send the integration's body back to the caller. */
  twoWay: boolean;
}

export interface WebSocketApiSpec {
  logicalId: string;
  routeSelectionExpression: string;
  routes: Map<string, WebSocketRoute>;
  /** The Stage resource's StageName, unresolved. */
  stageName: unknown;
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
}

const FUNCTION = 'AWS::Serverless::Function';

function ofType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The logical ids a value refers to through Ref, GetAtt or ${...} in a Sub. */
export function referencedIds(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  const sub = record['Fn::Sub'];
  if (sub !== undefined) {
    const text = Array.isArray(sub) ? sub[0] : sub;
    const names = [...String(text).matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1]!.split('.')[0]!);
    return Array.isArray(sub) ? [...names, ...referencedIds(sub[1])] : names;
  }
  return Object.values(record).flatMap(referencedIds);
}

function functionSpec(template: Template, logicalId: string, resource: TemplateResource): FunctionSpec {
  const globals = (template.Globals?.Function ?? {}) as Record<string, unknown>;
  const properties = { ...globals, ...(resource.Properties ?? {}) } as Record<string, unknown>;
  const variables = (value: unknown) =>
    ((value as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
  const events = (resource.Properties?.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const restEvents: RestEvent[] = Object.entries(events)
    .filter(([, event]) => event.Type === 'Api')
    .map(([name, event]) => {
      const restApiId = referencedIds(event.Properties.RestApiId)[0];
      const api = restApiId ? template.Resources[restApiId] : undefined;
      const eventAuth = (event.Properties.Auth as { Authorizer?: string } | undefined)?.Authorizer;
      const apiAuth = (api?.Properties?.Auth as { DefaultAuthorizer?: string } | undefined)?.DefaultAuthorizer;
      return {
        name,
        functionId: logicalId,
        method: String(event.Properties.Method).toUpperCase(),
        path: String(event.Properties.Path),
        restApiId,
        authorizer: eventAuth ?? apiAuth ?? 'NONE',
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
    layers: ((properties.Layers ?? []) as unknown[]).flatMap(referencedIds),
    environment: { ...variables(globals.Environment), ...variables(resource.Properties?.Environment) },
    buildMethod: resource.Metadata?.BuildMethod as string | undefined,
    buildProperties: (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>,
    restEvents,
  };
}

function webSocketApis(template: Template): WebSocketApiSpec[] {
  return ofType(template, 'AWS::ApiGatewayV2::Api')
    .filter(([, api]) => api.Properties?.ProtocolType === 'WEBSOCKET')
    .map(([apiId, api]) => {
      const belongs = (resource: TemplateResource) => referencedIds(resource.Properties?.ApiId)[0] === apiId;
      const routeResponses = new Set(
        ofType(template, 'AWS::ApiGatewayV2::RouteResponse')
          .filter(([, response]) => belongs(response))
          .flatMap(([, response]) => referencedIds(response.Properties?.RouteId)),
      );
      const routes = new Map<string, WebSocketRoute>();
      for (const [routeId, route] of ofType(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => belongs(r))) {
        const integrationId = referencedIds(route.Properties?.Target)[0];
        const integration = integrationId ? template.Resources[integrationId] : undefined;
        const functionId = referencedIds(integration?.Properties?.IntegrationUri).find(
          (id) => template.Resources[id]?.Type === FUNCTION,
        );
        if (!functionId) continue;
        const routeKey = String(route.Properties?.RouteKey);
        routes.set(routeKey, { routeKey, functionId, twoWay: routeResponses.has(routeId) });
      }
      const stage = ofType(template, 'AWS::ApiGatewayV2::Stage').find(([, s]) => belongs(s))?.[1];
      return {
        logicalId: apiId,
        routeSelectionExpression: String(api.Properties?.RouteSelectionExpression ?? '$request.body.action'),
        routes,
        stageName: stage?.Properties?.StageName,
      };
    });
}

export function readApplication(template: Template): Application {
  const functions = new Map(
    ofType(template, FUNCTION).map(([id, resource]) => [id, functionSpec(template, id, resource)] as const),
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
  const tables = new Map(
    ofType(template, 'AWS::DynamoDB::Table').map(([id, resource]) => [
      id,
      { logicalId: id, properties: resource.Properties ?? {} },
    ]),
  );
  return {
    template,
    functions,
    layers,
    webSocketApis: webSocketApis(template),
    tables,
    restEvents: [...functions.values()].flatMap((fn) => fn.restEvents),
  };
}

/** The function API Gateway would invoke for a sample event: by route key (WebSocket) or method and resource (REST). */
export function functionForEvent(app: Application, event: Record<string, unknown>): string | undefined {
  const context = (event.requestContext ?? {}) as { routeKey?: string };
  if (context.routeKey !== undefined) {
    for (const api of app.webSocketApis) {
      const route = api.routes.get(context.routeKey);
      if (route) return route.functionId;
    }
    return undefined;
  }
  return app.restEvents.find((rest) => rest.method === event.httpMethod && rest.path === event.resource)?.functionId;
}
