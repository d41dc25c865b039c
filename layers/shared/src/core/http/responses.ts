import type { APIGatewayProxyResult } from 'aws-lambda';
import { StoreUnavailableError, describeFailure } from '../errors';
import { logger } from '../logging/logger';

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Logs a failure that is ours (with its cause), never one that is the caller's. */
export function logFailure(error: unknown, ours: boolean): void {
  if (!ours) return;
  const cause = error instanceof StoreUnavailableError ? error.cause : error;
  logger.error(error instanceof StoreUnavailableError ? 'connection store unavailable' : 'unexpected failure', {
    error: cause as Error,
  });
}

/** Maps what went wrong to a status and a message a person can act on; never leaks internals. */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const { statusCode, message, ours } = describeFailure(error);
  logFailure(error, ours);
  return jsonResponse(statusCode, { message });
}
