import { numberEnv, requiredEnv } from '../core';
import { createConnectionSender } from '../broadcast';
import { BroadcastRecords, DynamoDbConnectionStore, createDocumentClient } from '../store';
import { FanoutWorkers } from './fanout-workers';

/**
 * What every function that delivers a broadcast builds from its environment (template.yaml), once
 * per environment; `workerFunction` is the fan-out worker's name.
 */
export function fanoutFromEnvironment(workerFunction: string) {
  const concurrency = numberEnv('FANOUT_CONCURRENCY');
  const client = createDocumentClient();
  const tableName = requiredEnv('CONNECTIONS_TABLE');
  // A handed-on part may wait in Lambda's queue up to the event age, then run up to the worker's timeout.
  const handOffSeconds = numberEnv('FANOUT_MAX_EVENT_AGE_SECONDS') + numberEnv('FANOUT_WORKER_TIMEOUT_SECONDS') + 60;
  return {
    store: new DynamoDbConnectionStore({ client, tableName, shards: numberEnv('INDEX_SHARDS') }),
    sender: createConnectionSender({ endpoint: requiredEnv('WEBSOCKET_ENDPOINT'), maxSockets: concurrency }),
    concurrency,
    staleGraceMs: numberEnv('STALE_GRACE_SECONDS', { min: 0 }) * 1000,
    records: new BroadcastRecords(client, tableName),
    invoker: new FanoutWorkers(workerFunction),
    handOffLeaseMs: handOffSeconds * 1000,
  };
}
