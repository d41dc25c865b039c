import type { z } from 'zod/mini';
import {
  pingMessageSchema,
  serverReplySchema,
  broadcastMessageSchema,
  subscribeMessageSchema,
  unsubscribeMessageSchema,
  subscribedReplySchema,
  unsubscribedReplySchema,
  pongReplySchema,
  errorReplySchema,
  broadcastRequestSchema,
  broadcastStatusSchema,
  commentsBroadcastSchema,
  completedAnswerSchema,
  continuingAnswerSchema,
  deliveryReportSchema,
  errorAnswerSchema,
} from '@comments-websocket/shared/messages';

/**
 * The contract's messages, by the name every generated file uses. What the server reads is described
 * as zod reads it (`input`: unknown keys allowed, stripped); what it writes, as it writes it (`output`).
 */
export const readSchemas: Record<string, z.ZodMiniType> = {
  SubscribeMessage: subscribeMessageSchema,
  UnsubscribeMessage: unsubscribeMessageSchema,
  PingMessage: pingMessageSchema,
  BroadcastRequest: broadcastRequestSchema,
  CommentsBroadcast: commentsBroadcastSchema,
};

export const writtenSchemas: Record<string, z.ZodMiniType> = {
  BroadcastMessage: broadcastMessageSchema,
  SubscribedReply: subscribedReplySchema,
  UnsubscribedReply: unsubscribedReplySchema,
  PongReply: pongReplySchema,
  ErrorReply: errorReplySchema,
  ServerReply: serverReplySchema,
  DeliveryReport: deliveryReportSchema,
  CompletedBroadcast: completedAnswerSchema,
  ContinuingBroadcast: continuingAnswerSchema,
  BroadcastStatus: broadcastStatusSchema,
  ErrorAnswer: errorAnswerSchema,
};
