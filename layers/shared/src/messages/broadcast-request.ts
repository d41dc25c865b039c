import * as z from 'zod/mini';
import { broadcastTypeSchema as typeSchema } from './broadcast-type';
import { postTopic, topicSchema } from './topic';

/** `POST /broadcast`: a message of any type, to one topic or to everyone. */
export const broadcastRequestSchema = z
  .object({
    type: typeSchema,
    data: z.optional(z.unknown()),
    topic: z
      .optional(topicSchema)
      .check(z.describe('Only its subscribers get it; without a topic, every connection does')),
  })
  .check(
    z.meta({
      title: 'BroadcastRequest',
      description: 'POST /broadcast: a message of any type, to one topic or to everyone',
    }),
  );

/** `POST /broadcast/comments`: the existing backend's contract, delivered to the post's listeners. */
export const commentsBroadcastSchema = z
  .object({
    type: typeSchema,
    data: z.looseObject({
      // The post's topic is post:<post_id>; an id no client could subscribe to is refused, not silently unreachable.
      post_id: z
        .union([z.string().check(z.minLength(1), z.maxLength(64)), z.int()], {
          error: 'is required: a string or an integer',
        })
        .check(
          z.refine(
            (id) => topicSchema.safeParse(postTopic(id)).success,
            'may contain only letters, digits and _ . : / - (clients subscribe to post:<post_id>)',
          ),
        ),
      comments: z.array(z.unknown(), { error: 'is required and must be an array' }),
      count: z.optional(z.int().check(z.nonnegative())),
    }),
  })
  .check(
    z.meta({
      title: 'CommentsBroadcast',
      description: "POST /broadcast/comments: delivered to the post's subscribers (topic post:<post_id>)",
    }),
  );

export type BroadcastRequest = z.infer<typeof broadcastRequestSchema>;
export type CommentsBroadcast = z.infer<typeof commentsBroadcastSchema>;
