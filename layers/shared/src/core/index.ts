/**
 * `@comments-websocket/shared`, the layer's core: no AWS SDK and no schema library, so a function
 * that needs neither loads neither. The other entries (`/store`, `/invoke`, `/messages`,
 * `/broadcast`, `/auth`) are the folders beside this one; they reach the core as `../core`, which
 * the layer's build keeps a separate module, so there is one core (one logger, one metrics buffer).
 */
export {
  badRequest,
  ConnectionNotFoundError,
  describeFailure,
  payloadTooLarge,
  RequestError,
  StoreUnavailableError,
  TooManySubscriptionsError,
  unsupportedMediaType,
} from './errors';
export {
  IDLE_TIMEOUT_SECONDS,
  ITEM_TTL_SECONDS,
  MAX_CONNECTION_SECONDS,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_TOPIC_LENGTH,
  MAX_TYPE_LENGTH,
} from './limits';
export { numberEnv, requiredEnv } from './config';
export { ENV, settings } from './environment';
export { logger, withInvocationKeys } from './logging/logger';
export {
  metrics,
  recordBroadcast,
  recordConnect,
  recordContinuation,
  recordPartResumed,
  recordRefusal,
  type RefusalReason,
  withMetrics,
} from './logging/metrics';
export { type ConnectionRecord, type ConnectionStore } from './connection-store';
export { describeIssues } from './issues';
export { MAX_JSON_DEPTH, nestingDepth, parseJson, parseJsonBody } from './http/json-body';
export { errorResponse, jsonResponse, logFailure } from './http/responses';
export { errorReply, reply, type ServerReply } from './websocket/replies';
export { type RouteResult, webSocketRoute } from './websocket/route';
export { headerValue, type WebSocketEvent } from './websocket/event';
export { MESSAGE_HINT, parseMessage, readMessage } from './websocket/client-message';
export { isOriginAllowed, namesNoOrigin, type OriginPolicy, parseAllowedOrigins } from './websocket/origin';
export {
  EXPLICIT,
  MAX_CARRIED_MOVERS,
  MOVE_SLACK_MS,
  movedDuring,
  type Mover,
  moverIsDue,
  type MoverWindow,
  type PlanEntry,
  readSoFar,
  type RecipientPage,
  recipientPlan,
  type RecipientPlan,
  remainingPlan,
  shardKey,
  shardOf,
  splitPlan,
} from './recipient-plan';
export {
  ALL,
  BY_TOPIC_INDEX,
  connectionIdOf,
  connectionPk,
  indexPosition,
  META_SK,
  MOVED,
  movedKey,
  movedSk,
  movedStampOf,
  subscriptionSk,
  UNSUBSCRIBED,
  UNSUBSCRIBED_SK,
} from './item-keys';
export { addReports, type DeliveryReport, emptyReport, REPORT_COUNTERS } from './reports';
export { managementEndpoint } from './management-endpoint';
