import { numberEnv, requiredEnv, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/invoke';
import { createBroadcastHandler } from './handler';

export const handler = withMetrics(
  createBroadcastHandler({
    ...fanoutFromEnvironment(requiredEnv('FANOUT_WORKER_FUNCTION')),
    parallelWorkers: numberEnv('FANOUT_WORKERS'),
    splitThreshold: numberEnv('FANOUT_SPLIT_THRESHOLD'),
  }),
);
