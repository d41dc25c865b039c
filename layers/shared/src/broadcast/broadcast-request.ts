// The schemas live with the other wire schemas, so the broadcast entry bundles no zod of its own:
// it loads the messages entry's (one copy of zod per function, parsed once at a cold start).
export {
  type BroadcastRequest,
  type CommentsBroadcast,
  broadcastRequestSchema,
  commentsBroadcastSchema,
} from '../messages';
