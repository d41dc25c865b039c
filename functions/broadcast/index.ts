import { settings, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/fanout';
import { createBroadcastHandler } from './handler';

export const handler = withMetrics(
  createBroadcastHandler({
    ...fanoutFromEnvironment(settings.fanoutWorkerFunction(), { scanSmallIndex: true }),
    parallelWorkers: settings.fanoutWorkers(),
    splitThreshold: settings.fanoutSplitThreshold(),
  }),
);
