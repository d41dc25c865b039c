import {
  DynamoDbConnectionStore,
  type WebSocketEvent,
  createDocumentClient,
  errorReply,
  logger,
  numberEnv,
  parseMessage,
  reply,
  requiredEnv,
  subscribeMessageSchema,
  withInvocationKeys,
} from '@comments-websocket/shared';

const store = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('CONNECTIONS_TABLE'),
  maxSubscriptions: numberEnv('MAX_SUBSCRIPTIONS', 50),
});

export const handler = async (event: WebSocketEvent) => {
  const { connectionId, connectedAt, requestId } = event.requestContext;
  withInvocationKeys({ route: 'subscribe', connectionId, requestId });
  try {
    const { topic } = parseMessage(event, subscribeMessageSchema);
    await store.subscribe(connectionId, topic, connectedAt);
    logger.info('subscribed', { topic });
    return reply(200, { type: 'subscribed', topic });
  } catch (error) {
    return errorReply(error);
  }
};
