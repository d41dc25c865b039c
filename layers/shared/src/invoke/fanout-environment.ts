import { numberEnv, requiredEnv } from '@comments-websocket/shared';
import { createConnectionSender } from '@comments-websocket/shared/broadcast';
import { BroadcastRecords, DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';

/** What every function that delivers a broadcast builds from its environment (template.yaml), once per environment. */
export function fanoutFromEnvironment() {
  const concurrency = numberEnv('FANOUT_CONCURRENCY');
  const client = createDocumentClient();
  const tableName = requiredEnv('CONNECTIONS_TABLE');
  return {
    store: new DynamoDbConnectionStore({ client, tableName, shards: numberEnv('INDEX_SHARDS') }),
    sender: createConnectionSender({ endpoint: requiredEnv('WEBSOCKET_ENDPOINT'), maxSockets: concurrency }),
    concurrency,
    staleGraceMs: numberEnv('STALE_GRACE_SECONDS', { min: 0 }) * 1000,
    records: new BroadcastRecords(client, tableName),
  };
}
