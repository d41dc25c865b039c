import { logger, parseMessage, reply, webSocketRoute } from '@comments-websocket/shared';
import { connectionStoreFromEnvironment } from '@comments-websocket/shared/store';
import { subscribeMessageSchema } from '@comments-websocket/shared/subscriptions';

const store = connectionStoreFromEnvironment({ subscriptions: true });

export const handler = webSocketRoute('subscribe', async (event) => {
  const { connectionId, connectedAt } = event.requestContext;
  const { topic } = parseMessage(event, subscribeMessageSchema);
  await store.subscribe(connectionId, topic, connectedAt);
  logger.info('subscribed', { topic });
  return reply(200, { type: 'subscribed', topic });
});
