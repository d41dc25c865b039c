import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { sendJson } from './http-io';

/**
 * API Gateway's own error answers, in its words: the status, the body's message and the
 * x-amzn-ErrorType the AWS SDKs turn into an exception name. Every HTTP face answers from here.
 */
export const GATEWAY_ERRORS = {
  forbidden: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  missingAuthenticationToken: {
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
  badRequest: { status: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  gone: { status: 410, message: 'Gone', errorType: 'GoneException' },
  payloadTooLarge: { status: 413, message: 'Request Too Long', errorType: 'PayloadTooLargeException' },
  /** A stage's or the account's throttle, on API routes. */
  tooManyRequests: { status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  /** The @connections management API's throttle. */
  rateExceeded: { status: 429, message: 'Rate exceeded', errorType: 'LimitExceededException' },
  internal: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  /** A REST or WebSocket integration past its timeout. */
  endpointTimeout: { status: 504, message: 'Endpoint request timed out' },
  /** HTTP APIs name no error type, and capitalise otherwise. */
  httpApiInternal: { status: 500, message: 'Internal Server Error' },
  /** An HTTP API integration past its timeout. */
  httpApiUnavailable: { status: 503, message: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; message: string; errorType?: string }>;

export type GatewayErrorName = keyof typeof GATEWAY_ERRORS;

/**
 * Answers with one of API Gateway's errors; `message` replaces its usual text where AWS says more,
 * `status` its status where AWS answers the same error with another (a failed REST integration: 502).
 */
export function sendGatewayError(
  response: ServerResponse,
  name: GatewayErrorName,
  message?: string,
  status?: number,
): void {
  const error: { status: number; message: string; errorType?: string } = GATEWAY_ERRORS[name];
  sendJson(
    response,
    status ?? error.status,
    { message: message ?? error.message },
    error.errorType ? { 'x-amzn-ErrorType': error.errorType } : {},
  );
}

/**
 * The frame API Gateway sends a WebSocket client when its message could not be handled: no route
 * ("Forbidden"), too many in flight ("Too Many Requests"), a failed integration ("Internal server error"),
 * one past its TimeoutInMillis ("Endpoint request timed out").
 */
export function frameError(
  name: 'forbidden' | 'tooManyRequests' | 'internal' | 'endpointTimeout',
  connectionId: string,
  requestId: string,
): string {
  return JSON.stringify({ message: GATEWAY_ERRORS[name].message, connectionId, requestId });
}

/** A refused WebSocket handshake, written on the raw socket (there is no ServerResponse before the upgrade). */
export function handshakeRefusal(status: number, body = ''): string {
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
