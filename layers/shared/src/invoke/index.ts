/**
 * `@comments-websocket/shared/invoke`: invocations of the fan-out worker — what it is handed, how it
 * is invoked (Lambda's Invoke over `/store`'s signed requests, no SDK), and the resumption of parts
 * whose invocation is gone. No sender and no zod: BroadcastStatus loads this, not `/fanout`.
 */
export { FanoutWorkers, WorkerInvocationError } from './fanout-workers';
export { type InvocationType, type InvokeAnswer, LambdaInvoke } from './lambda-invoke';
export {
  type FailedInvocationRecord,
  failedWork,
  type FanoutWorkEvent,
  isFailedInvocationRecord,
  type PartInvoker,
  type PartOutcome,
  recoveryOwner,
} from './part-work';
export { firstPlan, resumeStuckParts } from './stuck-parts';
