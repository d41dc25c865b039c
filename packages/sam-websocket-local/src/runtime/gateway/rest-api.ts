import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Invocation } from '../lambda/function-pool';
import type { RuntimeLog } from '../log';
import { sendGatewayError } from './gateway-errors';
import { readBodyOr413, sendJson } from './http-io';
import { newRequestId } from './ids';
import { receivedRequest } from './proxy-events/received-request';
import { restProxyEvent } from './proxy-events/rest-proxy-event';
import { type RestRoute, matchRoute } from './rest-routes';
import { SIGV4_ERROR_TYPES } from './sigv4-verifier';

/** API Gateway REST APIs take payloads up to 10 MB. */
const MAX_REST_BODY = 10 * 1024 * 1024;

interface ProxyResponse {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface RestApiRoutes {
  routes: RestRoute[];
  domainName: string;
  accountId: string;
  invoke: (functionId: string, event: unknown) => Promise<Invocation>;
  /** Checks a request before the function runs (SigV4 in strict mode); a string refuses it with 403. */
  authorize?: (route: RestRoute, request: IncomingMessage, body: Buffer) => Promise<string | undefined>;
  log: RuntimeLog;
}

/** Serves a function's `Type: Api` events as API Gateway's Lambda proxy integration (payload v1). */
export async function handleRest(
  api: RestApiRoutes,
  stage: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const matched = matchRoute(api.routes, stage, request.method ?? 'GET', path);
  if (!matched) return false;
  const { route, pathParameters } = matched;
  const body = await readBodyOr413(request, response, MAX_REST_BODY, 'Request Too Long');
  if (!body) return true;
  const refusal = await api.authorize?.(route, request, body);
  if (refusal) {
    sendJson(
      response,
      403,
      { message: refusal },
      { 'x-amzn-ErrorType': SIGV4_ERROR_TYPES[refusal] ?? 'InvalidSignatureException' },
    );
    return true;
  }

  const requestId = randomUUID();
  const event = restProxyEvent(receivedRequest(request, body), {
    resource: route.event.path,
    resourceId: route.event.name,
    path,
    pathParameters,
    stage,
    apiId: route.apiId,
    accountId: api.accountId,
    domainName: api.domainName,
    requestId,
    extendedRequestId: newRequestId(),
  });
  const invocation = await api.invoke(route.event.functionId, event);
  answerProxy(api.log, invocation, `${request.method} /${stage}${path}`, route.event.functionId, requestId, response);
  return true;
}

/** The function's answer as API Gateway gives it back: its status, headers and body, or 500/502/504 and a log line. */
function answerProxy(
  log: RuntimeLog,
  invocation: Invocation,
  routeLabel: string,
  functionId: string,
  requestId: string,
  response: ServerResponse,
): void {
  const { outcome } = invocation;
  const fields = {
    fn: functionId,
    route: routeLabel,
    ms: Math.round(invocation.durationMs),
    activeMs: invocation.activeMs?.toFixed(1),
    cpuMs: invocation.cpuMs?.toFixed(1),
    cold: invocation.coldStart || undefined,
    requestId,
  };
  const result = outcome.ok ? (outcome.result as ProxyResponse | null) : null;
  if (!outcome.ok || typeof result?.statusCode !== 'number') {
    // What API Gateway answers when the integration fails or returns something malformed.
    const detail = outcome.ok
      ? { errorType: 'MalformedProxyResponse' }
      : { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage };
    // A Lambda throttled by its reserved concurrency never ran: API Gateway answers that 500.
    const status = invocation.throttled ? 500 : 502;
    log.error('invoke', { ...fields, status, ...detail });
    if (!outcome.ok && outcome.timedOut) sendGatewayError(response, 'endpointTimeout');
    else sendGatewayError(response, 'internal', undefined, status);
    return;
  }
  log.info('invoke', { ...fields, status: result.statusCode });
  const headers: Record<string, string | string[]> = { 'x-amzn-RequestId': requestId };
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const payload =
    result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, { ...headers, 'Content-Length': payload.length });
  response.end(payload);
}
