import { settings, withMetrics } from '@comments-websocket/shared';
import { fanoutFromEnvironment } from '@comments-websocket/shared/fanout';
import { createWorkerHandler } from './handler';

// A continuation invokes this same function again: Lambda names it in the environment. A part is
// hundreds of recipients or more (a split's share, or what a broadcast could not send in time), so
// the sender's pool is loaded at the cold start, not after its first 200 posts over Node's agent:
// Lambda runs init with burst CPU, an invocation at 512 MB on a third of a vCPU (README "Cold starts").
export const handler = withMetrics(
  createWorkerHandler(fanoutFromEnvironment(settings.functionName(), { poolAfter: 0 })),
);
