import { createRoot } from 'react-dom/client';
import { LiveComments } from './live-comments';

// `npm start` serves the WebSocket API at ws://localhost:3001/development; ?ws= and ?post= override.
const params = new URLSearchParams(location.search);
const url = params.get('ws') ?? import.meta.env.VITE_WEBSOCKET_URL ?? 'ws://localhost:3001/development';

createRoot(document.getElementById('root')!).render(<LiveComments url={url} postId={params.get('post') ?? '42'} />);
