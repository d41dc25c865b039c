import { type WebSocketEvent, errorResponse, headerValue, isOriginAllowed, logger, numberEnv, parseAllowedOrigins, requiredEnv, withInvocationKeys } from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { TokenRejectedError, createTokenVerifier, tokenSettingsFromEnv } from '@comments-websocket/shared/auth';

const store = new DynamoDbConnectionStore({ client: createDocumentClient(), tableName: requiredEnv('CONNECTIONS_TABLE'), shards: numberEnv('INDEX_SHARDS') });
const allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
const tokenSettings = tokenSettingsFromEnv(process.env);
const verifyToken = tokenSettings && createTokenVerifier(tokenSettings);

/** $connect: a non-2xx answer makes API Gateway refuse the handshake. */
export const handler = async (event: WebSocketEvent) => {
  const { connectionId, connectedAt, requestId, identity } = event.requestContext;
  withInvocationKeys({ route: '$connect', connectionId, requestId });

  const origin = headerValue(event.headers, 'origin');
  if (!isOriginAllowed(origin, allowedOrigins)) {
    logger.warn('handshake refused: origin not allowed', { origin: origin ?? null });
    return { statusCode: 403, body: 'Origin not allowed' };
  }
  let subject: string | undefined;
  if (verifyToken) {
    try {
      ({ subject } = await verifyToken(event.queryStringParameters?.token));
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) {
        logger.error('handshake refused: tokens cannot be verified now', { reason: (error as Error).message });
        return { statusCode: 503, body: 'Service Unavailable' };
      }
      // Logged without the token: only why it was refused.
      logger.warn('handshake refused: token rejected', { reason: error.message });
      return { statusCode: 401, body: 'Unauthorized' };
    }
  }
  try {
    await store.addConnection({ connectionId, connectedAt, sourceIp: identity?.sourceIp, subject });
  } catch (error) {
    return errorResponse(error);
  }
  logger.info('connected', { subject });
  return { statusCode: 200 };
};
