/**
 * `@comments-websocket/shared/fanout`: delivering a broadcast — the @connections sender, the fan-out,
 * its parts — for the Broadcast function and the fan-out worker. No zod: the worker reads only what
 * a Broadcast function wrote.
 */
export { backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF, sleep } from './backoff';
export { fanOut, type FanOutOptions, type FanOutResult, isGone, isThrottled, type ProgressClaimer } from './fan-out';
export { AdaptiveLimit } from './adaptive-limit';
export {
  type AwsCredentials,
  type ConnectionSender,
  type ConnectionSenderOptions,
  createConnectionSender,
  credentialsFromEnvironment,
} from './connection-sender';
export { ConnectionsApiError, errorFromResponse } from './connections-error';
export { deliverPlan, type PlanDelivery, type PlanDeliveryDependencies } from './deliver-plan';
export { type Claimer, type KeyedPage, type QueuePosition, RecipientQueue } from './recipient-queue';
export { MoverTracker } from './mover-tracker';
export { addFigures, CLAIM_CHUNK, type PartOwnership, PartProgress } from './part-progress';
export { abandonPart, type OwnedPart, type PartRunDependencies, runPart } from './part-runner';
export { fanoutFromEnvironment } from './fanout-environment';
