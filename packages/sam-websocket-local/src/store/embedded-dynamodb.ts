import { create as createDomain } from 'node:domain';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAbandonedIterators } from './close-abandoned-iterators';

// dynalite ships no types; this is the part of its API we use.
type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}) => Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as DynaliteFactory;

export interface EmbeddedDynamoDb {
  endpoint: string;
  close(): Promise<void>;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * dynalite throws a storage error (a full disk, an unwritable --data folder: LEVEL_IO_ERROR) from
 * inside a callback, where nothing can catch it and the whole runtime would exit. Each request runs
 * in a domain — the one mechanism that follows a request into those callbacks — so such an error
 * becomes that request's 503, in DynamoDB's error shape, and the process keeps serving.
 */
function guardRequests(server: Server, onStoreError: (error: Error) => void): void {
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const domain = createDomain();
    domain.add(request);
    domain.add(response);
    domain.on('error', (error: Error) => {
      onStoreError(error);
      if (response.headersSent) return void response.destroy();
      const body = JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: `The local store failed: ${error.message}`,
      });
      response.writeHead(503, {
        'Content-Type': 'application/x-amz-json-1.0',
        'Content-Length': Buffer.byteLength(body),
      });
      response.end(body);
    });
    domain.run(() => {
      for (const listener of listeners) listener(request, response);
    });
  });
}

/** A DynamoDB-compatible server in this process: in memory, or on disk under `path` to survive restarts. */
export async function startEmbeddedDynamoDb(
  options: { host?: string; port?: number; path?: string; onStoreError?: (error: Error) => void } = {},
): Promise<EmbeddedDynamoDb> {
  closeAbandonedIterators();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  guardRequests(server, options.onStoreError ?? (() => undefined));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
