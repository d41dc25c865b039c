import { useEffect, useState } from 'react';
import { CommentsSocket, type CommentsSocketOptions, type ConnectionState } from './comments-socket';
import { type Broadcast, type Comment, type CommentsList, postTopic } from './messages';

export interface CommentsSocketView {
  state: ConnectionState;
  /** The latest list pushed for this post, or undefined before the first one. */
  comments: Comment[] | undefined;
  /** Every broadcast received for this post, newest last. */
  messages: Broadcast[];
}

/**
 * Subscribes to a post's comments while the component is mounted. One socket per URL and
 * component; changing `postId` moves the subscription without reconnecting.
 */
export function useCommentsSocket(
  url: string,
  postId: string | number,
  options?: CommentsSocketOptions,
): CommentsSocketView {
  const [socket, setSocket] = useState<CommentsSocket>();
  const [state, setState] = useState<ConnectionState>('connecting');
  const [messages, setMessages] = useState<Broadcast[]>([]);

  // Created in an effect, so React's double mount in development gets a fresh socket each time.
  useEffect(() => {
    const created = new CommentsSocket(url, options);
    setSocket(created);
    const offState = created.onState(setState);
    return () => {
      offState();
      created.close();
    };
    // The options are read once per URL; a new object each render must not reconnect.
  }, [url]);

  useEffect(() => {
    if (!socket) return;
    const topic = postTopic(postId);
    setMessages([]);
    socket.subscribe(topic);
    const offMessage = socket.onMessage((message) => {
      const forPost =
        message.topic === topic ||
        (message.type === 'comments_list' && String((message.data as CommentsList).post_id) === String(postId));
      if (forPost) setMessages((previous) => [...previous, message]);
    });
    return () => {
      offMessage();
      socket.unsubscribe(topic);
    };
  }, [socket, postId]);

  const latestList = [...messages].reverse().find((message) => message.type === 'comments_list');
  return { state, comments: latestList ? (latestList.data as CommentsList).comments : undefined, messages };
}
