import {
  type ConnectionStore,
  type OriginPolicy,
  type WebSocketEvent,
  errorResponse,
  headerValue,
  isOriginAllowed,
  logger,
  namesNoOrigin,
  recordConnect,
  recordRefusal,
  withInvocationKeys,
} from '@comments-websocket/shared';
import { TokenRejectedError, type VerifyToken } from '@comments-websocket/shared/auth';
import type { Context } from 'aws-lambda';

export interface ConnectDependencies {
  store: ConnectionStore;
  origins: OriginPolicy;
  /** Present when JwksUrl is set: every connect must carry a valid token. */
  verifyToken?: VerifyToken;
}

/** $connect: a non-2xx answer makes API Gateway refuse the handshake. */
export function createConnectHandler({ store, origins, verifyToken }: ConnectDependencies) {
  return async (event: WebSocketEvent, context?: Context) => {
    const { connectionId, connectedAt, requestId, identity } = event.requestContext;
    withInvocationKeys(context, { route: '$connect', connectionId, apiRequestId: requestId });

    const origin = headerValue(event.headers, 'origin');
    if (!isOriginAllowed(origin, origins)) {
      if (namesNoOrigin(origins)) {
        logger.error('handshake refused: AllowedOrigins names no valid origin', { origin: origin ?? null });
        recordRefusal('OriginsMisconfigured');
      } else {
        logger.warn('handshake refused: origin not allowed', { origin: origin ?? null });
        recordRefusal('Origin');
      }
      return { statusCode: 403, body: 'Origin not allowed' };
    }
    let subject: string | undefined;
    if (verifyToken) {
      try {
        ({ subject } = await verifyToken(event.queryStringParameters?.token));
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) {
          logger.error('handshake refused: tokens cannot be verified now', { reason: (error as Error).message });
          recordRefusal('TokensUnavailable');
          return { statusCode: 503, body: 'Service Unavailable' };
        }
        // Logged without the token: only why it was refused.
        logger.warn('handshake refused: token rejected', { reason: error.message });
        recordRefusal('Token');
        return { statusCode: 401, body: 'Unauthorized' };
      }
    }
    try {
      await store.addConnection({ connectionId, connectedAt, sourceIp: identity?.sourceIp, subject });
    } catch (error) {
      recordRefusal('StoreUnavailable');
      return errorResponse(error);
    }
    logger.info('connected', { subject });
    recordConnect();
    return { statusCode: 200 };
  };
}
