import {
  type WebSocketEvent,
  errorResponse,
  headerValue,
  isOriginAllowed,
  logger,
  numberEnv,
  parseAllowedOrigins,
  recordConnect,
  recordRefusal,
  requiredEnv,
  withInvocationKeys,
  type ConnectionStore,
} from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { TokenRejectedError, createTokenVerifier, tokenSettingsFromEnv } from '@comments-websocket/shared/auth';
import type { Context } from 'aws-lambda';

const store: ConnectionStore = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('CONNECTIONS_TABLE'),
  shards: numberEnv('INDEX_SHARDS'),
});
const allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
const tokenSettings = tokenSettingsFromEnv(process.env);
const verifyToken = tokenSettings && createTokenVerifier(tokenSettings);

/** $connect: a non-2xx answer makes API Gateway refuse the handshake. */
export const handler = async (event: WebSocketEvent, context?: Context) => {
  const { connectionId, connectedAt, requestId, identity } = event.requestContext;
  withInvocationKeys(context, { route: '$connect', connectionId, apiRequestId: requestId });

  const origin = headerValue(event.headers, 'origin');
  if (!isOriginAllowed(origin, allowedOrigins)) {
    logger.warn('handshake refused: origin not allowed', { origin: origin ?? null });
    recordRefusal('Origin');
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
