import { logger, parseMessage, reply, webSocketRoute } from '@comments-websocket/shared';
import { connectionStoreFromEnvironment } from '@comments-websocket/shared/store';
import { unsubscribeMessageSchema } from '@comments-websocket/shared/subscriptions';

const store = connectionStoreFromEnvironment();

export const handler = webSocketRoute('unsubscribe', async (event) => {
  const { topic } = parseMessage(event, unsubscribeMessageSchema);
  await store.unsubscribe(event.requestContext.connectionId, topic);
  logger.info('unsubscribed', { topic });
  return reply(200, { type: 'unsubscribed', topic });
});
