import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * Reference (b): the PostToConnection model without anything else. A broadcast POSTs each
 * recipient's message to a /@connections/{id} endpoint over keep-alive HTTP, 64 at a time.
 */
const CONCURRENCY = 64;
const connections = new Map<string, WebSocket>();
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let port = 0;

function post(id: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: `/@connections/${encodeURIComponent(id)}`,
        method: 'POST',
        agent,
        headers: { 'Content-Length': body.length },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function broadcast(body: Buffer): Promise<number> {
  const ids = [...connections.keys()];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await post(ids[next++]!, body);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return ids.length;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const target = /^\/@connections\/(.+)$/.exec(request.url ?? '');
    if (target) {
      connections.get(decodeURIComponent(target[1]!))?.send(body);
      response.end();
      return;
    }
    void broadcast(body).then((delivered) => response.end(JSON.stringify({ delivered })));
  });
});
server.keepAliveTimeout = 65_000;
new WebSocketServer({ server, perMessageDeflate: false }).on('connection', (socket) => {
  const id = randomUUID();
  connections.set(id, socket);
  socket.on('close', () => connections.delete(id));
});
server.listen(0, '127.0.0.1', () => {
  port = (server.address() as AddressInfo).port;
  console.log(`PORT ${port}`);
});
