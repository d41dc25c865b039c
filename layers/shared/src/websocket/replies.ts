import type { APIGatewayProxyResult } from 'aws-lambda';
import { RequestError, StoreUnavailableError } from '../errors';
import { logger } from '../logging/logger';
import type { ServerReply } from '../schemas/client-messages';

/** On a two-way route API Gateway sends this body back to the client that sent the message. */
export function reply(statusCode: number, message: ServerReply): APIGatewayProxyResult {
  return { statusCode, body: JSON.stringify(message) };
}

export function errorReply(error: unknown): APIGatewayProxyResult {
  if (error instanceof RequestError) return reply(error.statusCode, { type: 'error', message: error.message });
  if (error instanceof StoreUnavailableError) {
    logger.error('connection store unavailable', { error: error.cause as Error });
    return reply(503, { type: 'error', message: 'Temporarily unavailable; retry shortly' });
  }
  if (error instanceof Error && ['TooManySubscriptionsError', 'ConnectionNotFoundError'].includes(error.name)) {
    return reply(409, { type: 'error', message: error.message });
  }
  logger.error('unexpected failure', { error: error as Error });
  return reply(500, { type: 'error', message: 'Internal server error' });
}
