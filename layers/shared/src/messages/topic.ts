import * as z from 'zod/mini';
import { MAX_TOPIC_LENGTH } from '../core';

/** Topics name what a client listens to, e.g. `post:42`. A leading `$` is reserved for the store. */
export const topicSchema = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_TOPIC_LENGTH, `must be at most ${MAX_TOPIC_LENGTH} characters`),
    z.regex(/^[A-Za-z0-9_.:/-]+$/, 'may contain only letters, digits and _ . : / -'),
  );

export const postTopic = (postId: string | number) => `post:${postId}`;
