import { settings, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/fanout';
import { createWorkerHandler } from './handler';

// A continuation invokes this same function again: Lambda names it in the environment. The sender
// loads undici's pool after its first 200 posts, as the Broadcast function's does, not at the cold
// start: a part's first sends go out ~11–25 ms sooner, and the pool is loaded while they are in
// flight (README "Cold starts").
export const handler = withMetrics(createWorkerHandler(fanoutFromEnvironment(settings.functionName())));
