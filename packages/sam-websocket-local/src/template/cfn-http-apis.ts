import type { Template, TemplateResource } from './cfn-yaml';
import { functionIn } from './function-references';
import type { HttpEvent } from './http-events';
import { referencedIds } from './references';

export interface CfnHttpApis {
  /** Routes of plain `AWS::ApiGatewayV2::Api` HTTP APIs, served as SAM's HttpApi events are. */
  events: HttpEvent[];
  unsupported: string[];
}

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/**
 * Plain CloudFormation HTTP APIs (`AWS::ApiGatewayV2::Api` with ProtocolType HTTP): each Route with a
 * Lambda proxy Integration to a function of the template becomes an HTTP route on the API's Stage,
 * and quick create (`Target` on the Api) its `$default` route on the `$default` stage. A route the
 * runtime cannot serve, or an API without a stage, is refused by name: a resource with routes is
 * never dropped in silence.
 */
export function readCfnHttpApis(template: Template): CfnHttpApis {
  const events: HttpEvent[] = [];
  const unsupported: string[] = [];
  for (const [apiId, api] of ofType(template, 'AWS::ApiGatewayV2::Api')) {
    if (api.Properties?.ProtocolType !== 'HTTP') continue;
    const belongs = (resource: TemplateResource) => referencedIds(resource.Properties?.ApiId)[0] === apiId;
    const stage = ofType(template, 'AWS::ApiGatewayV2::Stage').find(([, candidate]) => belongs(candidate))?.[1];
    const quickTarget = api.Properties?.Target;
    const stageName = stage?.Properties?.StageName ?? (quickTarget !== undefined ? '$default' : undefined);
    const routes = ofType(template, 'AWS::ApiGatewayV2::Route').filter(([, route]) => belongs(route));
    if (stageName === undefined) {
      if (routes.length > 0)
        unsupported.push(`${apiId} (HTTP API): no AWS::ApiGatewayV2::Stage deploys its routes, so none is served`);
      continue;
    }
    const base = { apiId, stageName, authorizer: 'NONE' };
    if (quickTarget !== undefined) {
      const functionId = functionIn(template, quickTarget);
      if (functionId)
        events.push({ ...base, name: apiId, functionId, method: 'ANY', path: '$default', payloadFormatVersion: '2.0' });
      else unsupported.push(`${apiId} (HTTP API): its quick-create Target is not a function of this template`);
    }
    for (const [routeId, route] of routes) {
      const event = routeEvent(template, routeId, route, base, unsupported);
      if (event) events.push(event);
    }
  }
  return { events, unsupported };
}

function routeEvent(
  template: Template,
  routeId: string,
  route: TemplateResource,
  base: { apiId: string; stageName: unknown },
  unsupported: string[],
): HttpEvent | undefined {
  const routeKey = String(route.Properties?.RouteKey);
  const integrationId = referencedIds(route.Properties?.Target)[0];
  const integration = integrationId ? template.Resources[integrationId]?.Properties : undefined;
  const type = String(integration?.IntegrationType ?? 'none');
  const functionId = type === 'AWS_PROXY' ? functionIn(template, integration?.IntegrationUri) : undefined;
  if (!functionId) {
    unsupported.push(
      `${routeId} (HTTP API route "${routeKey}"): its integration ${integrationId ?? '(none)'} is ${type}${type === 'AWS_PROXY' ? ' to something other than a function of this template' : ''}; only Lambda proxy integrations to the template's functions are emulated`,
    );
    return undefined;
  }
  const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
  const authorization = String(route.Properties?.AuthorizationType ?? 'NONE');
  return {
    ...base,
    name: routeId,
    functionId,
    method: String(method).toUpperCase(),
    path: String(path),
    // CreateIntegration's default for a Lambda proxy on an HTTP API is the 1.0 format.
    payloadFormatVersion: String(integration?.PayloadFormatVersion ?? '1.0'),
    authorizer: authorization === 'NONE' || authorization === 'AWS_IAM' ? authorization : `${authorization} authorizer`,
  };
}
