import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAbandonedIterators } from './close-abandoned-iterators';
import { guardStoreFailures } from './guard-store-failures';
import { cacheParsedConditions } from './parsed-conditions';

// dynalite ships no types; this is the part of its API we use.
type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}) => Server;

export interface EmbeddedDynamoDb {
  endpoint: string;
  close(): Promise<void>;
}

/** A DynamoDB-compatible server in this process: in memory, or on disk under `path` to survive restarts. */
export async function startEmbeddedDynamoDb(
  options: { host?: string; port?: number; path?: string; onStoreError?: (error: Error) => void } = {},
): Promise<EmbeddedDynamoDb> {
  closeAbandonedIterators();
  // Before dynalite loads: it takes its actions in at load time.
  guardStoreFailures(options.onStoreError ?? (() => undefined));
  cacheParsedConditions();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
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
