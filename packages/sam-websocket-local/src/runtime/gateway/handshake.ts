import type { IncomingMessage } from 'node:http';

/**
 * Why a WebSocket handshake is malformed (RFC 6455 §4.2.1), or undefined when it is sound. Checked
 * before $connect runs, so that a request the gateway will refuse never creates a connection.
 */
export function handshakeProblem(request: IncomingMessage): { status: number; message: string } | undefined {
  if (request.method !== 'GET') return { status: 405, message: 'A WebSocket handshake must be a GET request' };
  if (String(request.headers.upgrade ?? '').toLowerCase() !== 'websocket')
    return { status: 400, message: 'Missing or invalid Upgrade header' };
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(key.trim()))
    return { status: 400, message: 'Missing or invalid Sec-WebSocket-Key header' };
  if (request.headers['sec-websocket-version'] !== '13')
    return { status: 426, message: 'Sec-WebSocket-Version must be 13' };
  return undefined;
}
