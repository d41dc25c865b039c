import type { IncomingMessage } from 'node:http';
import { requestUrl } from './request-url';
import { eventHeaders, queryParameters, sourceIp, userAgent } from './headers';
import { newRequestId } from './ids';
import { requestTime } from './request-time';

/** Where an event came from: the API and stage as API Gateway names them. */
export interface ApiContext {
  apiId: string;
  stage: string;
  domainName: string;
}

export interface ConnectedClient {
  connectionId: string;
  connectedAt: number;
  identity: { sourceIp: string; userAgent: string };
  /** What a $connect authorizer returned (its context and principalId), for every later event. */
  authorizer?: Record<string, unknown>;
}

function requestContext(api: ApiContext, connection: ConnectedClient, routeKey: string, eventType: string) {
  const now = Date.now();
  const requestId = newRequestId();
  return {
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: now,
    identity: { userAgent: connection.identity.userAgent, sourceIp: connection.identity.sourceIp },
    requestId,
    domainName: api.domainName,
    connectionId: connection.connectionId,
    apiId: api.apiId,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
  };
}

export function connectedClient(request: IncomingMessage, connectionId: string): ConnectedClient {
  return {
    connectionId,
    connectedAt: Date.now(),
    identity: { sourceIp: sourceIp(request), userAgent: userAgent(request.headers) },
  };
}

export function connectEvent(api: ApiContext, connection: ConnectedClient, request: IncomingMessage) {
  const url = requestUrl(request);
  return {
    ...eventHeaders(request),
    ...queryParameters(url),
    requestContext: requestContext(api, connection, '$connect', 'CONNECT'),
    isBase64Encoded: false,
  };
}

export function messageEvent(api: ApiContext, connection: ConnectedClient, routeKey: string, data: Buffer) {
  const { routeKey: key, ...context } = requestContext(api, connection, routeKey, 'MESSAGE');
  return {
    requestContext: { routeKey: key, messageId: newRequestId(), ...context },
    body: data.toString('utf8'),
    isBase64Encoded: false,
  };
}

export function disconnectEvent(api: ApiContext, connection: ConnectedClient, statusCode: number, reason: string) {
  const headers = { Host: api.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  const { routeKey, ...context } = requestContext(api, connection, '$disconnect', 'DISCONNECT');
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    requestContext: { routeKey, disconnectStatusCode: statusCode, disconnectReason: reason, ...context },
    isBase64Encoded: false,
  };
}
