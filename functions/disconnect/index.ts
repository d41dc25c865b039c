import { errorResponse, logger, webSocketRoute } from '@comments-websocket/shared';
import { connectionStoreFromEnvironment } from '@comments-websocket/shared/store';

const store = connectionStoreFromEnvironment();

/** $disconnect is best effort in AWS; what it misses, broadcasts (410) and TTL clean up. */
export const handler = webSocketRoute(
  '$disconnect',
  async (event) => {
    const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
    const removed = await store.removeConnection(connectionId);
    logger.info('disconnected', { disconnectStatusCode, disconnectReason, itemsRemoved: removed });
    return { statusCode: 200 };
  },
  errorResponse,
);
