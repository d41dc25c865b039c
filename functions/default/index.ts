import { MESSAGE_HINT, badRequest, readMessage, reply, webSocketRoute } from '@comments-websocket/shared';

/** $default: every message whose action has no route of its own. */
export const handler = webSocketRoute('$default', async (event) => {
  const { action } = readMessage(event) as { action?: unknown };
  if (action === 'ping') return reply(200, { type: 'pong', timestamp: new Date().toISOString() });
  const named = typeof action === 'string' ? `Unknown action "${action.slice(0, 64)}"` : 'Missing "action"';
  throw badRequest(`${named}; ${MESSAGE_HINT} (actions: subscribe, unsubscribe, ping)`);
});
