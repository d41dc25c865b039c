import type { IncomingMessage, ServerResponse } from 'node:http';
import { GATEWAY_ERRORS } from './gateway-errors';
import { BodyTooLargeError, readBody, sendAwsError, sendJson } from './http-io';
import { SentAnswers } from './sent-answers';
import { SIGV4_ERROR_TYPES } from './sigv4-verifier';

/** One event loop, so one batch of answers for every caller. */
const sentAnswers = new SentAnswers();

/** What @connections needs of the gateway, and nothing more: send, describe, close. */
export interface ConnectionsPort {
  /** False when the connection is gone (or was dropped just now for not reading). */
  post(connectionId: string, data: Buffer): boolean;
  describe(
    connectionId: string,
  ): { connectedAt: number; lastActiveAt: number; identity: { sourceIp: string; userAgent: string } } | undefined;
  /** False when the connection is gone. */
  delete(connectionId: string): boolean;
}

/**
 * API Gateway's answer for a connection that is no longer there. A module function rather than a
 * closure made per request: run from source, every named closure also gets its name set at creation
 * (~2% of the gateway thread's CPU when this one was made per POST).
 */
function gone(response: ServerResponse, connectionId: string): void {
  sendAwsError(
    response,
    GATEWAY_ERRORS.gone.status,
    GATEWAY_ERRORS.gone.errorType,
    `Connection ${connectionId} is gone`,
  );
}

/**
 * The @connections management API: POST sends to a client, GET describes it, DELETE closes it.
 * Errors carry the names the AWS SDK turns into GoneException, PayloadTooLargeException, ...
 */
export async function handleConnectionsApi(
  connections: ConnectionsPort,
  maxMessageBytes: number,
  connectionId: string,
  request: IncomingMessage,
  response: ServerResponse,
  /** Checks a request's signature (strict mode): a string refuses it with 403, in API Gateway's words. */
  authorize?: (request: IncomingMessage, body: Buffer) => Promise<string | undefined>,
): Promise<void> {
  let data: Buffer;
  try {
    data = await readBody(request, maxMessageBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      const { status, errorType } = GATEWAY_ERRORS.payloadTooLarge;
      sendAwsError(response, status, errorType, `Message too long: the limit is ${maxMessageBytes} bytes`);
      return;
    }
    throw error;
  }
  const refusal = await authorize?.(request, data);
  if (refusal) return sendAwsError(response, 403, SIGV4_ERROR_TYPES[refusal] ?? 'InvalidSignatureException', refusal);

  switch (request.method) {
    case 'POST':
      if (!connections.post(connectionId, data)) return gone(response, connectionId);
      sentAnswers.add(response);
      return;
    case 'GET': {
      const connection = connections.describe(connectionId);
      if (!connection) return gone(response, connectionId);
      sendJson(response, 200, {
        connectedAt: new Date(connection.connectedAt).toISOString(),
        identity: { sourceIp: connection.identity.sourceIp, userAgent: connection.identity.userAgent },
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
      });
      return;
    }
    case 'DELETE':
      if (!connections.delete(connectionId)) return gone(response, connectionId);
      response.writeHead(204);
      response.end();
      return;
    default:
      sendAwsError(
        response,
        GATEWAY_ERRORS.forbidden.status,
        GATEWAY_ERRORS.forbidden.errorType,
        `${request.method} is not supported on @connections`,
      );
  }
}
