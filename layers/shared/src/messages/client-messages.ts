import { z } from 'zod';
import { topicSchema } from './topic';

/** Messages a browser sends; `action` is what the route selection expression reads. */
export const subscribeMessageSchema = z.object({ action: z.literal('subscribe'), topic: topicSchema });
export const unsubscribeMessageSchema = z.object({ action: z.literal('unsubscribe'), topic: topicSchema });

export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessageSchema>;

export type { ServerReply } from '../core';
