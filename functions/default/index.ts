import {
  MESSAGE_HINT,
  type WebSocketEvent,
  badRequest,
  errorReply,
  readMessage,
  reply,
  withInvocationKeys,
  withMetrics,
} from '@comments-websocket/shared';
import type { Context } from 'aws-lambda';

/** $default: every message whose action has no route of its own. */
export const handler = withMetrics(async (event: WebSocketEvent, context?: Context) => {
  const { connectionId, requestId } = event.requestContext;
  withInvocationKeys(context, { route: '$default', connectionId, apiRequestId: requestId });
  try {
    const { action } = readMessage(event) as { action?: unknown };
    if (action === 'ping') return reply(200, { type: 'pong', timestamp: new Date().toISOString() });
    const named = typeof action === 'string' ? `Unknown action "${action.slice(0, 64)}"` : 'Missing "action"';
    throw badRequest(`${named}; ${MESSAGE_HINT} (actions: subscribe, unsubscribe, ping)`);
  } catch (error) {
    return errorReply(error);
  }
});
