import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeFailure } from '../errors';
import { logFailure } from '../http/responses';
import type { ServerReply } from '../../messages';

/** On a two-way route API Gateway sends this body back to the client that sent the message. */
export function reply(statusCode: number, message: ServerReply): APIGatewayProxyResult {
  return { statusCode, body: JSON.stringify(message) };
}

export function errorReply(error: unknown): APIGatewayProxyResult {
  const { statusCode, message, ours } = describeFailure(error);
  logFailure(error, ours);
  return reply(statusCode, { type: 'error', message });
}
