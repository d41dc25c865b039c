import {
  type WebSocketEvent,
  errorReply,
  logger,
  parseMessage,
  reply,
  requiredEnv,
  withInvocationKeys,
  type ConnectionStore,
  withMetrics,
} from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { unsubscribeMessageSchema } from '@comments-websocket/shared/messages';
import type { Context } from 'aws-lambda';

const store: ConnectionStore = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('CONNECTIONS_TABLE'),
});

export const handler = withMetrics(async (event: WebSocketEvent, context?: Context) => {
  const { connectionId, requestId } = event.requestContext;
  withInvocationKeys(context, { route: 'unsubscribe', connectionId, apiRequestId: requestId });
  try {
    const { topic } = parseMessage(event, unsubscribeMessageSchema);
    await store.unsubscribe(connectionId, topic);
    logger.info('unsubscribed', { topic });
    return reply(200, { type: 'unsubscribed', topic });
  } catch (error) {
    return errorReply(error);
  }
});
