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
} as const;

export type GatewayErrorName = keyof typeof GATEWAY_ERRORS;

/** Answers with one of API Gateway's errors; `message` replaces its usual text where AWS says more. */
export function sendGatewayError(response: ServerResponse, name: GatewayErrorName, message?: string): void {
  const error = GATEWAY_ERRORS[name];
  sendJson(response, error.status, { message: message ?? error.message }, { 'x-amzn-ErrorType': error.errorType });
}

/**
 * The frame API Gateway sends a WebSocket client when its message could not be handled: no route
 * ("Forbidden"), too many in flight ("Too Many Requests"), a failed integration ("Internal server error").
 */
export function frameError(
  name: 'forbidden' | 'tooManyRequests' | 'internal',
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
