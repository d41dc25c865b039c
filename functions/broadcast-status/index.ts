import { settings, withMetrics } from '@comments-websocket/shared';
import { BroadcastRecords, createDocuments } from '@comments-websocket/shared/store';
import { FanoutWorkers } from '@comments-websocket/shared/invoke';
import { createStatusHandler } from './handler';

export const handler = withMetrics(
  createStatusHandler({
    records: new BroadcastRecords(createDocuments(), settings.connectionsTable()),
    invoker: new FanoutWorkers(settings.fanoutWorkerFunction()),
  }),
);
