import { settings } from '../core';
import { createConnectionSender } from './connection-sender';
import { LazyFanoutWorkers } from './lazy-invoker';
import { BroadcastRecords, DynamoDbConnectionStore, createDocuments } from '../store';

/**
 * What every function that delivers a broadcast builds from its environment (template.yaml), once
 * per environment; `workerFunction` is the fan-out worker's name. `scanSmallIndex`: read a small
 * index with one Scan (IndexScanItems); the worker never does, as it only ever gets parts and
 * continuations of large broadcasts.
 */
export function fanoutFromEnvironment(
  workerFunction: string,
  { scanSmallIndex = false }: { scanSmallIndex?: boolean } = {},
) {
  const concurrency = settings.fanoutConcurrency();
  const documents = createDocuments();
  const tableName = settings.connectionsTable();
  // A handed-on part may wait in Lambda's queue up to the event age, then run up to the worker's timeout.
  const handOffSeconds = settings.fanoutMaxEventAgeSeconds() + settings.fanoutWorkerTimeoutSeconds() + 60;
  return {
    store: new DynamoDbConnectionStore({
      documents,
      tableName,
      shards: settings.indexShards(),
      snapshotItems: scanSmallIndex ? settings.indexScanItems() : 0,
    }),
    sender: createConnectionSender({ endpoint: settings.webSocketEndpoint(), maxSockets: concurrency }),
    concurrency,
    staleGraceMs: settings.staleGraceSeconds() * 1000,
    records: new BroadcastRecords(documents, tableName),
    invoker: new LazyFanoutWorkers(workerFunction),
    handOffLeaseMs: handOffSeconds * 1000,
  };
}
