import * as z from 'zod/mini';
import { MAX_TYPE_LENGTH, type ServerReply } from '../core';

/**
 * The `type`s of the protocol's own frames, the replies to ping, subscribe and unsubscribe and the
 * error reply (ServerReply). A broadcast may not use them: every client would take it for a reply.
 */
export const RESERVED_MESSAGE_TYPES = ['subscribed', 'unsubscribed', 'pong', 'error'] as const;

// Fails to compile when a reply type is added to ServerReply and not reserved here.
const everyReplyReserved: Record<ServerReply['type'], true> = {
  subscribed: true,
  unsubscribed: true,
  pong: true,
  error: true,
} satisfies Record<(typeof RESERVED_MESSAGE_TYPES)[number], true>;
void everyReplyReserved;

const reserved: readonly string[] = RESERVED_MESSAGE_TYPES;

/** The `type` of a broadcast message: any short name but the protocol's own (compared without case). */
export const broadcastTypeSchema = z.string({ error: 'is required and must be a string' }).check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(MAX_TYPE_LENGTH, `must be at most ${MAX_TYPE_LENGTH} characters`),
  z.refine(
    (type) => !reserved.includes(type.toLowerCase()),
    `is reserved for the protocol's own messages (${RESERVED_MESSAGE_TYPES.join(', ')}); choose another type`,
  ),
);
