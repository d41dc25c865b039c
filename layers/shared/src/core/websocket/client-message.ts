import type { z } from 'zod/mini';
import { badRequest } from '../errors';
import { parseJson } from '../http/json-body';
import { describeIssues } from '../issues';
import type { WebSocketEvent } from './event';

export const MESSAGE_HINT = 'send JSON such as {"action":"subscribe","topic":"post:42"}';

/** The body of a message event as JSON, or a 400 that tells the sender how to fix it. */
export function readMessage(event: WebSocketEvent): unknown {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const value = parseJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Message is not a JSON object; ${MESSAGE_HINT}`);
  }
  return value;
}

export function parseMessage<S extends z.ZodMiniType>(event: WebSocketEvent, schema: S): z.infer<S> {
  const result = schema.safeParse(readMessage(event));
  if (!result.success) throw badRequest(`Invalid message: ${describeIssues(result.error)}`);
  return result.data;
}
