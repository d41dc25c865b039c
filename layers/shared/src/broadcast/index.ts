/** `@comments-websocket/shared/broadcast`: broadcast requests and messages (loads zod) and the fan-out. */
export {
  type BroadcastRequest,
  broadcastRequestSchema,
  type CommentsBroadcast,
  commentsBroadcastSchema,
} from './broadcast-request';
export { encodeOutbound, type OutboundMessage } from './outbound-message';
export { type Broadcast, readBroadcast } from './broadcast-message';
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
export {
  type FailedInvocationRecord,
  failedWork,
  type FanoutWorkEvent,
  isFailedInvocationRecord,
  type PartInvoker,
  type PartOutcome,
  recoveryOwner,
} from './part-work';
export { abandonPart, type OwnedPart, type PartRunDependencies, runPart } from './part-runner';
export {
  broadcastIdFor,
  IDEMPOTENCY_HEADER,
  idempotencyKey,
  keyReusedWithAnotherBody,
  REPLAYED_HEADER,
  requestHash,
} from './idempotency';
export { firstPlan, resumeStuckParts } from './stuck-parts';
export { completedAnswer, continuingAnswer, replayAnswer } from './broadcast-answers';
export {
  broadcastStatusSchema,
  completedAnswerSchema,
  continuingAnswerSchema,
  deliveryReportSchema,
  errorAnswerSchema,
} from '../messages';
