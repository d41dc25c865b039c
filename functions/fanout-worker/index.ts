import { requiredEnv } from '@comments-websocket/shared';
import { FanoutWorkers, fanoutFromEnvironment } from '@comments-websocket/shared/invoke';
import { createWorkerHandler } from './handler';

export const handler = createWorkerHandler({
  ...fanoutFromEnvironment(),
  // A continuation invokes this same function again: Lambda names it in the environment.
  workers: new FanoutWorkers(requiredEnv('AWS_LAMBDA_FUNCTION_NAME')),
});
