import '../messages/zod-messages';
/**
 * `@comments-websocket/shared/subscriptions`: the subscribe and unsubscribe messages' schemas alone,
 * for the two functions that read them. Every schema of `messages` costs a cold start ~10 ms to
 * build; these two, ~3 (README "Cold starts").
 */
export {
  type SubscribeMessage,
  subscribeMessageSchema,
  type UnsubscribeMessage,
  unsubscribeMessageSchema,
} from '../messages/client-messages';
