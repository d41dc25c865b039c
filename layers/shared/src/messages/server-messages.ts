import * as z from 'zod/mini';
import type { ServerReply } from '../core';

/** What every subscriber receives: `{type, data, timestamp}`, plus the topic when the broadcast had one. */
export const broadcastMessageSchema = z
  .object({
    type: z.string().check(z.describe("The broadcast's type, e.g. comments_list")),
    data: z.unknown().check(z.describe('Whatever the backend sent; null when it sent none')),
    timestamp: z.iso.datetime().check(z.describe('When the broadcast was accepted (ISO 8601, UTC)')),
    topic: z.optional(z.string()).check(z.describe('The topic it was sent to; absent when sent to everyone')),
  })
  .check(z.meta({ id: 'BroadcastMessage', title: 'BroadcastMessage' }));

/** Replies API Gateway sends back on the two-way routes (subscribe, unsubscribe, $default). */
export const subscribedReplySchema = z
  .object({ type: z.literal('subscribed'), topic: z.string() })
  .check(z.meta({ id: 'SubscribedReply', title: 'SubscribedReply' }));
export const unsubscribedReplySchema = z
  .object({ type: z.literal('unsubscribed'), topic: z.string() })
  .check(z.meta({ id: 'UnsubscribedReply', title: 'UnsubscribedReply' }));
export const pongReplySchema = z
  .object({ type: z.literal('pong'), timestamp: z.iso.datetime() })
  .check(z.meta({ id: 'PongReply', title: 'PongReply' }));
export const errorReplySchema = z
  .object({
    type: z.literal('error'),
    message: z.string().check(z.describe('What was wrong and what to send instead')),
  })
  .check(z.meta({ id: 'ErrorReply', title: 'ErrorReply' }));

export const serverReplySchema = z
  .discriminatedUnion('type', [subscribedReplySchema, unsubscribedReplySchema, pongReplySchema, errorReplySchema])
  .check(z.meta({ id: 'ServerReply', title: 'ServerReply' }));

// Fails to compile when the core's ServerReply and this schema part ways (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const replyMatches: Same<z.infer<typeof serverReplySchema>, ServerReply> = true;
void replyMatches;
