/**
 * `@comments-websocket/shared/invoke`: invocations of the fan-out worker — what it is handed, the
 * client that invokes it (the SDK's Lambda client, loaded at the first invoke), and the resumption
 * of parts whose invocation is gone. No sender and no zod: BroadcastStatus loads this, not `/fanout`.
 */
export { FanoutWorkers, WorkerInvocationError } from './fanout-workers';
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
