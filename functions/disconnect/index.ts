import {
  type WebSocketEvent,
  errorResponse,
  logger,
  requiredEnv,
  withInvocationKeys,
  type ConnectionStore,
  withMetrics,
} from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import type { Context } from 'aws-lambda';

const store: ConnectionStore = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('CONNECTIONS_TABLE'),
});

/** $disconnect is best effort in AWS; what it misses, broadcasts (410) and TTL clean up. */
export const handler = withMetrics(async (event: WebSocketEvent, context?: Context) => {
  const { connectionId, requestId, disconnectStatusCode, disconnectReason } = event.requestContext;
  withInvocationKeys(context, { route: '$disconnect', connectionId, apiRequestId: requestId });
  try {
    const removed = await store.removeConnection(connectionId);
    logger.info('disconnected', { disconnectStatusCode, disconnectReason, itemsRemoved: removed });
    return { statusCode: 200 };
  } catch (error) {
    return errorResponse(error);
  }
});
