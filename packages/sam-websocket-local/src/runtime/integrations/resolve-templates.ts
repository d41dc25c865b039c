import type { RouteIntegration, TemplateMap, WebSocketApiSpec, WebSocketRoute } from '../../template/application';

type Resolve = (value: unknown) => unknown;

const resolveMap = (templates: TemplateMap, resolve: Resolve): TemplateMap =>
  Object.fromEntries(
    Object.entries(templates).map(([key, template]) => [
      key,
      typeof template === 'string' ? template : String(resolve(template.intrinsic)),
    ]),
  );

function resolveIntegration(integration: RouteIntegration, resolve: Resolve): RouteIntegration {
  if (integration.type === 'AWS_PROXY') return integration;
  return {
    ...integration,
    requestTemplates: resolveMap(integration.requestTemplates, resolve),
    responses: integration.responses.map((response) => ({
      ...response,
      responseTemplates: resolveMap(response.responseTemplates, resolve),
    })),
  };
}

/**
 * The API with every mapping template written as an intrinsic (`!Sub` naming a table, say) resolved
 * to its text once, at start, as CloudFormation resolves it at deploy.
 */
export function resolveTemplates(api: WebSocketApiSpec, resolve: Resolve): WebSocketApiSpec {
  const routes = new Map<string, WebSocketRoute>(
    [...api.routes].map(([key, route]) => [
      key,
      { ...route, integration: resolveIntegration(route.integration, resolve) },
    ]),
  );
  return { ...api, routes };
}
