/** `@comments-websocket/browser`: the socket and the wire contract's types, without React. */
export { CommentsSocket, type CommentsSocketOptions, type ConnectionState } from './comments-socket';
export { type Broadcast, type Comment, type CommentsList, type Reply, postTopic } from './messages';
export type {
  BroadcastMessage,
  BroadcastRequest,
  BroadcastStatus,
  CommentsBroadcast,
  CompletedBroadcast,
  ContinuingBroadcast,
  DeliveryReport,
  ErrorAnswer,
  ErrorReply,
  PingMessage,
  PongReply,
  ServerReply,
  SubscribedReply,
  SubscribeMessage,
  UnsubscribedReply,
  UnsubscribeMessage,
} from './contract';
