import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { sendJson } from './gateway/http-io';
import type { RuntimeLog } from './log';

export interface PortHandlers {
  request(request: IncomingMessage, response: ServerResponse): Promise<void>;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** Until the stack is ready: "Starting" to requests, a closed socket to upgrades. */
const STARTING: PortHandlers = {
  request: async (_request, response) => sendJson(response, 503, { message: 'Starting' }),
  upgrade: (_request, socket) => socket.destroy(),
};

/**
 * The runtime's one port, on every address of the host ("localhost" may resolve to 127.0.0.1 or
 * ::1 depending on the client; both are served). Open before the stack is ready, so the first
 * client gets "Starting" rather than a refusal.
 */
export class Listeners {
  private handlers: PortHandlers = STARTING;
  private readonly servers: Server[] = [];
  port = 0;

  constructor(private readonly log: RuntimeLog) {}

  async listen(host: string, port: number): Promise<void> {
    const addresses = host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
    const first = this.makeServer();
    await listenOn(first, port, addresses[0]!);
    this.servers.push(first);
    this.port = (first.address() as AddressInfo).port;
    for (const address of addresses.slice(1)) {
      const extra = this.makeServer();
      await listenOn(extra, this.port, address).then(
        () => this.servers.push(extra),
        () => undefined, // no IPv6 loopback here
      );
    }
  }

  serve(handlers: PortHandlers): void {
    this.handlers = handlers;
  }

  close(): Promise<void> {
    return Promise.all(
      this.servers.map((server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    ).then(() => undefined);
  }

  private makeServer(): Server {
    const server = createServer((request, response) => {
      this.handlers.request(request, response).catch((error: unknown) => {
        // The path only: a query string may carry a token.
        this.log.error('request failed', {
          path: (request.url ?? '').split('?')[0],
          error: error instanceof Error ? error.message : String(error),
        });
        if (!response.headersSent) sendJson(response, 500, { message: 'Internal server error' });
        else response.destroy();
      });
    });
    server.on('upgrade', (request, socket, head) => this.handlers.upgrade(request, socket, head));
    server.keepAliveTimeout = 65_000;
    return server;
  }
}

const listenOn = (server: Server, port: number, address: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
