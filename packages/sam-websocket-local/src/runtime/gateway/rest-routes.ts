import type { RestEvent } from '../../template/application';

export interface RestRoute<E extends { path: string } = RestEvent> {
  event: E;
  stage: string;
  apiId: string;
  matcher: RegExp;
  parameterNames: string[];
}

/** `/items/{id}` and `/{proxy+}` as a regular expression with named parameters. */
export function compileRoute<E extends { path: string }>(event: E, stage: string, apiId: string): RestRoute<E> {
  const parameterNames: string[] = [];
  const pattern = event.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(match[1]!);
      return match[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { event, stage, apiId, matcher: new RegExp(`^${pattern}/?$`), parameterNames };
}

export function matchRoute(
  routes: RestRoute[],
  stage: string,
  method: string,
  path: string,
): { route: RestRoute; pathParameters: Record<string, string> | null } | undefined {
  for (const route of routes) {
    if (route.stage !== stage) continue;
    if (route.event.method !== method && route.event.method !== 'ANY') continue;
    const match = route.matcher.exec(path);
    if (!match) continue;
    const pathParameters = route.parameterNames.length
      ? Object.fromEntries(route.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]))
      : null;
    return { route, pathParameters };
  }
  return undefined;
}
