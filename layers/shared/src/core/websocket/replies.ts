import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeFailure } from '../errors';
import { logFailure } from '../http/responses';

/** Replies sent back on two-way routes. */
export type ServerReply =
  | { type: 'subscribed'; topic: string }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'pong'; timestamp: string }
  | { type: 'error'; message: string };

/** On a two-way route API Gateway sends this body back to the client that sent the message. */
export function reply(statusCode: number, message: ServerReply): APIGatewayProxyResult {
  return { statusCode, body: JSON.stringify(message) };
}

export function errorReply(error: unknown): APIGatewayProxyResult {
  const { statusCode, message, ours } = describeFailure(error);
  logFailure(error, ours);
  return reply(statusCode, { type: 'error', message });
}
