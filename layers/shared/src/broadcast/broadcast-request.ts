// The schemas live with the other wire schemas, but this entry bundles them (and the zod they use)
// rather than loading the messages entry: a Broadcast function builds these two schemas at a cold
// start, not every client message's and answer's. No function loads both entries (a build test checks).
import '../messages/zod-messages';
export {
  type BroadcastRequest,
  type CommentsBroadcast,
  broadcastRequestSchema,
  commentsBroadcastSchema,
} from '../messages/broadcast-request';
