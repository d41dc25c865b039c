import './zod-messages';
/** `@comments-websocket/shared/messages`: schemas of the messages browsers send (loads zod). */
export { postTopic, topicSchema } from './topic';
export {
  type PingMessage,
  pingMessageSchema,
  type ServerReply,
  type SubscribeMessage,
  subscribeMessageSchema,
  type UnsubscribeMessage,
  unsubscribeMessageSchema,
} from './client-messages';
export { broadcastTypeSchema, RESERVED_MESSAGE_TYPES } from './broadcast-type';
export {
  broadcastMessageSchema,
  errorReplySchema,
  pongReplySchema,
  serverReplySchema,
  subscribedReplySchema,
  unsubscribedReplySchema,
} from './server-messages';
export {
  type BroadcastRequest,
  type CommentsBroadcast,
  broadcastRequestSchema,
  commentsBroadcastSchema,
} from './broadcast-request';
export {
  broadcastStatusSchema,
  completedAnswerSchema,
  continuingAnswerSchema,
  deliveryReportSchema,
  errorAnswerSchema,
} from './broadcast-answer-schemas';
