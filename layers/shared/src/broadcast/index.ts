/**
 * `@comments-websocket/shared/broadcast`: the Broadcast function's REST side — reading a request
 * (loads zod, the request schemas only), its idempotency key, and the answers. The delivery is in
 * `/fanout`, which the fan-out worker loads without this entry.
 */
export {
  type BroadcastRequest,
  broadcastRequestSchema,
  type CommentsBroadcast,
  commentsBroadcastSchema,
} from './broadcast-request';
export { encodeOutbound, type OutboundMessage } from './outbound-message';
export { type Broadcast, readBroadcast } from './broadcast-message';
export {
  broadcastIdFor,
  IDEMPOTENCY_HEADER,
  idempotencyKey,
  keyReusedWithAnotherBody,
  REPLAYED_HEADER,
  requestHash,
} from './idempotency';
export { completedAnswer, continuingAnswer, replayAnswer } from './broadcast-answers';
