import { settings, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/fanout';
import { createWorkerHandler } from './handler';

// A continuation invokes this same function again: Lambda names it in the environment.
export const handler = withMetrics(createWorkerHandler(fanoutFromEnvironment(settings.functionName())));
