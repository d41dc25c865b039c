import { z } from 'zod';
import { describeFailure, parseJsonBody } from '@comments-websocket/shared';
import { RESERVED_MESSAGE_TYPES, broadcastTypeSchema } from '@comments-websocket/shared/messages';

const request = (body: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});
const failureOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return describeFailure(error);
  }
  throw new Error('expected a failure');
};

describe('the type of a broadcast message', () => {
  it('reserves the types of every reply the WebSocket routes send', () => {
    expect([...RESERVED_MESSAGE_TYPES].sort()).toEqual(['error', 'pong', 'subscribed', 'unsubscribed']);
  });

  it.each(['subscribed', 'unsubscribed', 'error', 'pong', ' Pong ', 'ERROR'])('refuses %j', (type) => {
    const result = broadcastTypeSchema.safeParse(type);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/is reserved for the protocol's own messages/);
  });

  it.each(['comments_list', 'comment_added', 'errors', 'subscribed_count'])('accepts %j', (type) => {
    expect(broadcastTypeSchema.safeParse(type)).toEqual({ success: true, data: type });
  });

  it('answers 400 naming the field when a request body uses a reserved type', () => {
    const schema = z.object({ type: broadcastTypeSchema, data: z.unknown().optional() });
    const failure = failureOf(() => parseJsonBody(request({ type: 'error', data: { message: 'fake' } }), schema));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toMatch(/type/);
    expect(failure.message).toMatch(/reserved/);
  });
});
