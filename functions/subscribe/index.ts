import {
  type WebSocketEvent,
  errorReply,
  logger,
  numberEnv,
  parseMessage,
  reply,
  requiredEnv,
  withInvocationKeys,
  type ConnectionStore,
  withMetrics,
} from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { subscribeMessageSchema } from '@comments-websocket/shared/messages';
import type { Context } from 'aws-lambda';

const store: ConnectionStore = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('CONNECTIONS_TABLE'),
  maxSubscriptions: numberEnv('MAX_SUBSCRIPTIONS'),
});

export const handler = withMetrics(async (event: WebSocketEvent, context?: Context) => {
  const { connectionId, connectedAt, requestId } = event.requestContext;
  withInvocationKeys(context, { route: 'subscribe', connectionId, apiRequestId: requestId });
  try {
    const { topic } = parseMessage(event, subscribeMessageSchema);
    await store.subscribe(connectionId, topic, connectedAt);
    logger.info('subscribed', { topic });
    return reply(200, { type: 'subscribed', topic });
  } catch (error) {
    return errorReply(error);
  }
});
