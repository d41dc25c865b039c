import { settings, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/fanout';
import { createWorkerHandler } from './handler';

// A continuation invokes this same function again: Lambda names it in the environment. A part is
// hundreds of recipients or more (a split's share, or what a broadcast could not send in time), so
// the sender's pool is loaded at the cold start, not after its first 200 posts over Node's agent. At
// 1769 MB the load costs the same at init as in the first part, and nothing to a part whose
// environment was initialised ahead of its call (README "Cold starts").
export const handler = withMetrics(
  createWorkerHandler(fanoutFromEnvironment(settings.functionName(), { poolAfter: 0 })),
);
