import { numberEnv, requiredEnv } from '../core';
import { createConnectionSender } from '../broadcast';
import { BroadcastRecords, DynamoDbConnectionStore, createDocumentClient } from '../store';

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
