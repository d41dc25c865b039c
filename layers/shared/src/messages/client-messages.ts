import * as z from 'zod/mini';
import { topicSchema } from './topic';

/** Messages a browser sends; `action` is what the route selection expression reads. */
export const subscribeMessageSchema = z
  .object({ action: z.literal('subscribe'), topic: topicSchema })
  .check(z.meta({ id: 'SubscribeMessage', title: 'SubscribeMessage' }));
export const unsubscribeMessageSchema = z
  .object({ action: z.literal('unsubscribe'), topic: topicSchema })
  .check(z.meta({ id: 'UnsubscribeMessage', title: 'UnsubscribeMessage' }));
/** Answered on $default with a pong; a heartbeat keeps the connection under the idle timeout. */
export const pingMessageSchema = z
  .object({ action: z.literal('ping') })
  .check(z.meta({ id: 'PingMessage', title: 'PingMessage' }));

export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessageSchema>;
export type PingMessage = z.infer<typeof pingMessageSchema>;

export type { ServerReply } from '../core';
