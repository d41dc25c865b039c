import { numberEnv, requiredEnv } from '@comments-websocket/shared';
import { BroadcastRecords, DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { FanoutWorkers } from '@comments-websocket/shared/invoke';
import { createConnectionSender } from '@comments-websocket/shared/broadcast';
import { createBroadcastHandler } from './handler';

const concurrency = numberEnv('FANOUT_CONCURRENCY');
const client = createDocumentClient();
const tableName = requiredEnv('CONNECTIONS_TABLE');

export const handler = createBroadcastHandler({
  store: new DynamoDbConnectionStore({ client, tableName, shards: numberEnv('INDEX_SHARDS') }),
  sender: createConnectionSender({ endpoint: requiredEnv('WEBSOCKET_ENDPOINT'), maxSockets: concurrency }),
  concurrency,
  staleGraceMs: numberEnv('STALE_GRACE_SECONDS', { min: 0 }) * 1000,
  workers: new FanoutWorkers(requiredEnv('FANOUT_WORKER_FUNCTION')),
  records: new BroadcastRecords(client, tableName),
  parallelWorkers: numberEnv('FANOUT_WORKERS'),
  splitThreshold: numberEnv('FANOUT_SPLIT_THRESHOLD'),
});
