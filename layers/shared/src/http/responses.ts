import type { APIGatewayProxyResult } from 'aws-lambda';
import { RequestError, StoreUnavailableError } from '../errors';
import { logger } from '../logging/logger';

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Maps what went wrong to a status and a message a person can act on; never leaks internals. */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  if (error instanceof RequestError) {
    return jsonResponse(error.statusCode, { message: error.message });
  }
  if (error instanceof StoreUnavailableError) {
    logger.error('connection store unavailable', { error: error.cause as Error });
    return jsonResponse(503, { message: 'The connection store is unavailable; retry with backoff' });
  }
  logger.error('unexpected failure', { error: error as Error });
  return jsonResponse(500, { message: 'Internal server error' });
}
