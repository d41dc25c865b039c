import { numberEnv, requiredEnv } from '@comments-websocket/shared';
import { BroadcastRecords, DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { FanoutWorkers } from '@comments-websocket/shared/invoke';
import { createConnectionSender } from '@comments-websocket/shared/broadcast';
import { createWorkerHandler } from './handler';

const concurrency = numberEnv('FANOUT_CONCURRENCY');
const client = createDocumentClient();
const tableName = requiredEnv('CONNECTIONS_TABLE');

export const handler = createWorkerHandler({
  store: new DynamoDbConnectionStore({ client, tableName, shards: numberEnv('INDEX_SHARDS') }),
  sender: createConnectionSender({ endpoint: requiredEnv('WEBSOCKET_ENDPOINT'), maxSockets: concurrency }),
  concurrency,
  staleGraceMs: numberEnv('STALE_GRACE_SECONDS', { min: 0 }) * 1000,
  // A continuation invokes this same function again: Lambda names it in the environment.
  workers: new FanoutWorkers(requiredEnv('AWS_LAMBDA_FUNCTION_NAME')),
  records: new BroadcastRecords(client, tableName),
});
