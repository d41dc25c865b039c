import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpEvent } from '../../template/application';
import type { Invocation } from '../lambda/function-pool';
import type { RuntimeLog } from '../log';
import { sendGatewayError } from './gateway-errors';
import { readBodyOr413, sendJson } from './http-io';
import { httpApiEvent } from './proxy-events/http-api-event';
import { receivedRequest } from './proxy-events/received-request';
import { compileRoute, type RestRoute } from './rest-routes';

/** HTTP APIs take payloads up to 10 MB. */
const MAX_HTTP_BODY = 10 * 1024 * 1024;

export type HttpRoute = RestRoute<HttpEvent>;

export interface HttpApiRoutes {
  routes: HttpRoute[];
  domainName: string;
  accountId: string;
  invoke: (functionId: string, event: unknown) => Promise<Invocation>;
  log: RuntimeLog;
  /** The reason to refuse a request to an AWS_IAM route (strict mode), if any. */
  authorize?: (route: HttpRoute, request: IncomingMessage, body: Buffer) => Promise<string | undefined>;
}

export function compileHttpRoute(event: HttpEvent, stage: string, apiId: string): HttpRoute {
  if (event.path !== '$default') return compileRoute(event, stage, apiId);
  return { event, stage, apiId, matcher: /^/, parameterNames: [] };
}

/** The route HTTP APIs pick: exact method before ANY, fewer greedy parts, longer paths, $default last. */
function pick(routes: HttpRoute[], stage: string, method: string, path: string) {
  const score = (route: HttpRoute) =>
    (route.event.path === '$default' ? 0 : 1000) +
    (route.event.path.includes('+}') ? 0 : 100) +
    route.event.path.length +
    (route.event.method === method ? 1 : 0);
  const candidates = routes
    .filter(
      (route) =>
        route.stage === stage &&
        (route.event.method === method || route.event.method === 'ANY') &&
        route.matcher.test(path),
    )
    .sort((a, b) => score(b) - score(a));
  const route = candidates[0];
  if (!route) return undefined;
  const match = route.matcher.exec(path)!;
  const pathParameters = route.parameterNames.length
    ? Object.fromEntries(route.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]))
    : undefined;
  return { route, pathParameters };
}

/** Serves `Type: HttpApi` events as an HTTP API's Lambda integration, payload format 2.0 (1.0 is refused at start). */
export async function handleHttpApi(
  api: HttpApiRoutes,
  stage: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const matched = pick(api.routes, stage, request.method ?? 'GET', path);
  if (!matched) return false;
  const body = await readBodyOr413(request, response, MAX_HTTP_BODY, 'Request Entity Too Large');
  if (!body) return true;
  const { route, pathParameters } = matched;
  const refusal = await api.authorize?.(route, request, body);
  if (refusal) {
    sendJson(response, 403, { message: refusal });
    return true;
  }
  const requestId = randomUUID();
  const event = httpApiEvent(receivedRequest(request, body), {
    routeKey: route.event.path === '$default' ? '$default' : `${route.event.method} ${route.event.path}`,
    path,
    pathParameters,
    stage,
    apiId: route.apiId,
    accountId: api.accountId,
    domainName: api.domainName,
    requestId,
  });
  const invocation = await api.invoke(route.event.functionId, event);
  const { outcome } = invocation;
  const fields = {
    fn: route.event.functionId,
    route: `${route.event.method} ${route.event.path}`,
    ms: Math.round(invocation.durationMs),
    requestId,
  };
  if (!outcome.ok) {
    api.log.error('invoke', {
      ...fields,
      status: 500,
      errorType: outcome.error.errorType,
      errorMessage: outcome.error.errorMessage,
    });
    sendGatewayError(response, outcome.timedOut ? 'httpApiUnavailable' : 'httpApiInternal');
    return true;
  }
  const answer = responseV2(outcome.result);
  api.log.info('invoke', { ...fields, status: answer.status });
  response.writeHead(answer.status, {
    ...answer.headers,
    'apigw-requestid': requestId,
    'Content-Length': answer.body.length,
  });
  response.end(answer.body);
  return true;
}

/** Format 2.0's answer: a `{statusCode, …}` object as given, anything else is a 200 JSON body. */
function responseV2(result: unknown): { status: number; headers: Record<string, string | string[]>; body: Buffer } {
  const given = result as {
    statusCode?: number;
    headers?: Record<string, unknown>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  } | null;
  if (given === null || typeof given !== 'object' || typeof given.statusCode !== 'number') {
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(text) };
  }
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(given.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  if (given.cookies?.length) headers['Set-Cookie'] = given.cookies;
  const body =
    given.body === undefined ? Buffer.alloc(0) : Buffer.from(given.body, given.isBase64Encoded ? 'base64' : 'utf8');
  return { status: given.statusCode, headers, body };
}
