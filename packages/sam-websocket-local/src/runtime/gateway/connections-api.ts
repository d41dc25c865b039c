import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import { BodyTooLargeError, readBody, sendAwsError, sendJson } from './http-io';
import { SIGV4_ERROR_TYPES } from './sigv4-verifier';
import type { WebSocketGateway } from './websocket-gateway';

/**
 * The @connections management API: POST sends to a client, GET describes it, DELETE closes it.
 * Errors carry the names the AWS SDK turns into GoneException, PayloadTooLargeException, ...
 */
export async function handleConnectionsApi(
  gateway: WebSocketGateway,
  maxMessageBytes: number,
  maxBufferedBytes: number,
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
      sendAwsError(response, 413, 'PayloadTooLargeException', `Message too long: the limit is ${maxMessageBytes} bytes`);
      return;
    }
    throw error;
  }
  const refusal = await authorize?.(request, data);
  if (refusal) return sendAwsError(response, 403, SIGV4_ERROR_TYPES[refusal] ?? 'InvalidSignatureException', refusal);
  const connection = gateway.connections.get(connectionId);
  const gone = () => sendAwsError(response, 410, 'GoneException', `Connection ${connectionId} is gone`);

  switch (request.method) {
    case 'POST': {
      if (!connection || connection.closing || connection.socket.readyState !== WebSocket.OPEN) return gone();
      if (connection.socket.bufferedAmount > maxBufferedBytes) {
        // A client that stopped reading: API Gateway drops it rather than queue without bound.
        gateway.close(connectionId, 1001, 'Going away');
        return gone();
      }
      connection.socket.send(data, { binary: !isUtf8(data) });
      response.writeHead(200, { 'Content-Length': 0 });
      response.end();
      return;
    }
    case 'GET':
      if (!connection || connection.closing) return gone();
      sendJson(response, 200, {
        connectedAt: new Date(connection.connectedAt).toISOString(),
        identity: { sourceIp: connection.identity.sourceIp, userAgent: connection.identity.userAgent },
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
      });
      return;
    case 'DELETE':
      if (!connection || connection.closing) return gone();
      gateway.close(connectionId, 1000, 'Connection deleted');
      response.writeHead(204);
      response.end();
      return;
    default:
      sendAwsError(response, 403, 'ForbiddenException', `${request.method} is not supported on @connections`);
  }
}
