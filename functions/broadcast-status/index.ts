import { requiredEnv, withMetrics } from '@comments-websocket/shared';
import { BroadcastRecords, createDocumentClient } from '@comments-websocket/shared/store';
import { FanoutWorkers } from '@comments-websocket/shared/invoke';
import { createStatusHandler } from './handler';

export const handler = withMetrics(
  createStatusHandler({
    records: new BroadcastRecords(createDocumentClient(), requiredEnv('CONNECTIONS_TABLE')),
    invoker: new FanoutWorkers(requiredEnv('FANOUT_WORKER_FUNCTION')),
  }),
);
