import type { Comment } from '@comments-websocket/browser';
import { useCommentsSocket } from '@comments-websocket/browser/react';

/** A post's comments, as the backend last broadcast them, and the state of the connection. */
export function LiveComments({ url, postId }: { url: string; postId: string }) {
  const { state, comments } = useCommentsSocket(url, postId);
  return (
    <main>
      <h1>Post {postId}</h1>
      <p>
        Connection: <strong data-testid="state">{state}</strong>
      </p>
      {comments === undefined ? (
        <p data-testid="waiting">No comments broadcast yet; the backend posts them to /broadcast/comments.</p>
      ) : (
        <ul data-testid="comments">
          {comments.map((comment: Comment, index) => (
            <li key={String(comment.id ?? index)}>
              <b>{comment.author ?? 'anonymous'}</b>: {comment.text}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
