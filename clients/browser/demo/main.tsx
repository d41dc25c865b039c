import { type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type Comment, useCommentsSocket } from '../src';

/** What the local runtime serves as ./config.json beside a --dev-page. */
interface DevConfig {
  webSocketUrl: string;
  /** "METHOD /path" → the path to call on the runtime, stage included. */
  routes: Record<string, string>;
}

/** The whole loop in one page: subscribe to a post, post a comment through the broadcast endpoint, see it arrive. */
function Demo({ config }: { config: DevConfig }) {
  const broadcastCommentsUrl = config.routes['POST /broadcast/comments'] ?? '';
  const [postId, setPostId] = useState(new URLSearchParams(location.search).get('post') ?? '42');
  const { state, comments, messages } = useCommentsSocket(config.webSocketUrl, postId);
  const [author, setAuthor] = useState('ada');
  const [text, setText] = useState('');
  const [result, setResult] = useState('');

  async function send(event: FormEvent) {
    event.preventDefault();
    const next: Comment[] = [...(comments ?? []), { id: crypto.randomUUID().slice(0, 8), author, text }];
    const response = await fetch(broadcastCommentsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'comments_list', data: { post_id: postId, comments: next, count: next.length } }),
    });
    const report = await response.json();
    setResult(`${response.status} ${report.message} — delivered to ${report.delivered} of ${report.connectionCount}`);
    setText('');
  }

  return (
    <main>
      <h1>comments-websocket live demo</h1>
      <p>
        Connection:{' '}
        <span className={`state ${state}`} data-testid="state">
          {state}
        </span>{' '}
        <span className="meta">{config.webSocketUrl}</span> ·{' '}
        <a href="/_console/" target="_blank" rel="noopener">
          see the connections and messages in the runtime's console
        </a>
      </p>
      <label>
        Post <input data-testid="post" value={postId} onChange={(event) => setPostId(event.target.value)} size={8} />
      </label>
      <form onSubmit={send}>
        <input aria-label="author" value={author} onChange={(event) => setAuthor(event.target.value)} size={8} />
        <input
          aria-label="comment"
          data-testid="comment"
          placeholder="Write a comment"
          value={text}
          onChange={(event) => setText(event.target.value)}
          required
        />
        <button type="submit">Post &amp; broadcast</button>
      </form>
      <p className="meta" data-testid="result">
        {result}
      </p>
      <section>
        <h2>Comments on post {postId}</h2>
        <ul data-testid="comments">
          {(comments ?? []).map((comment, index) => (
            <li key={String(comment.id ?? index)}>
              <strong>{String(comment.author ?? 'someone')}</strong>: {String(comment.text ?? '')}
            </li>
          ))}
        </ul>
        <p className="meta">{messages.length} live message(s) received for this post</p>
      </section>
    </main>
  );
}

const config = (await (await fetch('./config.json')).json()) as DevConfig;
createRoot(document.getElementById('root')!).render(<Demo config={config} />);
