/** What the server sends: broadcasts `{type, data, timestamp, topic?}` and replies to our actions. */
export interface Broadcast<T = unknown> {
  type: string;
  data: T;
  timestamp: string;
  topic?: string;
}

export interface Comment {
  id?: string | number;
  author?: string;
  text?: string;
  [field: string]: unknown;
}

export interface CommentsList {
  post_id: string | number;
  comments: Comment[];
  count?: number;
}

export type Reply =
  | { type: 'subscribed'; topic: string }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'pong'; timestamp: string }
  | { type: 'error'; message: string };

export const postTopic = (postId: string | number) => `post:${postId}`;
