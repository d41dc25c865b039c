import type { BroadcastMessage, CommentsBroadcast, ServerReply } from './contract';

/** A broadcast as it arrives (the generated BroadcastMessage), its data typed by the caller. */
export type Broadcast<T = unknown> = Omit<BroadcastMessage, 'data'> & { data: T };

/** What /broadcast/comments carries for a post: its comments, and the comments' own fields as the backend sends them. */
export type CommentsList = CommentsBroadcast['data'] & { comments: Comment[] };

export interface Comment {
  id?: string | number;
  author?: string;
  text?: string;
  [field: string]: unknown;
}

/** Replies to subscribe, unsubscribe and ping (the generated ServerReply). */
export type Reply = ServerReply;

export const postTopic = (postId: string | number) => `post:${postId}`;
