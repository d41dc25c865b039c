import type { IncomingMessage } from 'node:http';
import { sourceIp } from '../headers';
import { requestTime } from '../request-time';
import { requestUrl } from '../request-url';

/**
 * What both proxy payloads (REST v1, HTTP API 2.0) are built from: the request as it arrived, read
 * once, as plain data — so the builders are pure functions a unit test can feed.
 */
export interface ReceivedRequest {
  method: string;
  url: URL;
  /** `HTTP/1.1` */
  protocol: string;
  /** Names as the client spelled them, in order, repeated names repeated (Node's rawHeaders in pairs). */
  rawHeaders: [string, string][];
  sourceIp: string;
  /** The local port the request came in on (API Gateway's X-Forwarded-Port). */
  localPort: number | undefined;
  body: Buffer;
  receivedAt: number;
}

export function receivedRequest(request: IncomingMessage, body: Buffer, now = Date.now()): ReceivedRequest {
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    rawHeaders.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  }
  return {
    method: request.method ?? 'GET',
    url: requestUrl(request),
    protocol: `HTTP/${request.httpVersion}`,
    rawHeaders,
    sourceIp: sourceIp(request),
    localPort: request.socket.localPort,
    body,
    receivedAt: now,
  };
}

/** The header's last value, any spelling of its name. */
export function headerValue(received: ReceivedRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return received.rawHeaders.findLast(([given]) => given.toLowerCase() === wanted)?.[1];
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+json)/i;

/**
 * The body as the payloads carry it: text as it is, anything else base64 (flagged). A request without
 * a Content-Type is taken as JSON, as API Gateway's default content type is.
 */
export function encodedBody(received: ReceivedRequest): { body: string | undefined; isBase64Encoded: boolean } {
  if (received.body.length === 0) return { body: undefined, isBase64Encoded: false };
  const isText = TEXT_TYPES.test(headerValue(received, 'content-type') ?? 'application/json');
  return isText
    ? { body: received.body.toString('utf8'), isBase64Encoded: false }
    : { body: received.body.toString('base64'), isBase64Encoded: true };
}

/** `requestTime` / `time` (CLF style) and the epoch ms beside it, from the moment the request arrived. */
export const arrivalTimes = (received: ReceivedRequest) => ({
  time: requestTime(received.receivedAt),
  epoch: received.receivedAt,
});

/** Where an API is reached locally: the values requestContext names the same in both payloads. */
export interface ApiTarget {
  apiId: string;
  accountId: string;
  domainName: string;
  stage: string;
  requestId: string;
}
