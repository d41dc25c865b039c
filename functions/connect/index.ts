import {
  DynamoDbConnectionStore,
  type WebSocketEvent,
  createDocumentClient,
  errorResponse,
  headerValue,
  isOriginAllowed,
  logger,
  parseAllowedOrigins,
  requiredEnv,
  withInvocationKeys,
} from '@comments-websocket/shared';

const store = new DynamoDbConnectionStore({ client: createDocumentClient(), tableName: requiredEnv('CONNECTIONS_TABLE') });
const allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);

/** $connect: a non-2xx answer makes API Gateway refuse the handshake. */
export const handler = async (event: WebSocketEvent) => {
  const { connectionId, connectedAt, requestId, identity } = event.requestContext;
  withInvocationKeys({ route: '$connect', connectionId, requestId });

  const origin = headerValue(event.headers, 'origin');
  if (!isOriginAllowed(origin, allowedOrigins)) {
    logger.warn('handshake refused: origin not allowed', { origin: origin ?? null });
    return { statusCode: 403, body: 'Origin not allowed' };
  }
  try {
    await store.addConnection({ connectionId, connectedAt, sourceIp: identity?.sourceIp });
  } catch (error) {
    return errorResponse(error);
  }
  logger.info('connected');
  return { statusCode: 200 };
};
