import * as z from 'zod/mini';
import type { DeliveryReport } from '../core';
import { broadcastMessageSchema } from './server-messages';
import type { OutboundMessage } from '../broadcast/outbound-message';

const count = (description: string) => z.int().check(z.nonnegative(), z.describe(description));

/** The schema of the core's DeliveryReport (checked against it below): what every answer carries. */
const reportShape = {
  listed: count('Connection ids the store listed, duplicates included'),
  recipients: count('Distinct recipients found'),
  sends: count('PostToConnection calls made, retries included'),
  delivered: count('Recipients the message was delivered to'),
  stale: count('Recipients that were gone (410) and have been removed'),
  connecting: count('Recipients that answered 410 while still inside the handshake grace period: kept'),
  failed: count('Recipients whose send failed'),
  skipped: count('Recipients not attempted because the deadline came first'),
  throttled: count('Sends answered 429'),
  failedParts: count('Parts that failed and could not be resumed'),
  unconfirmed: count('Recipients whose send had started when their invocation died: maybe delivered'),
  unreached: count('Recipients of a part that could not be resumed'),
  complete: z.boolean().check(z.describe('False when the deadline cut the broadcast short, or a part failed')),
};

export const deliveryReportSchema = z
  .object(reportShape)
  .check(z.meta({ id: 'DeliveryReport', title: 'DeliveryReport' }));

const answerFields = {
  message: z.string(),
  connectionCount: count('Same as recipients'),
  topic: z.nullable(z.string()).check(z.describe('The topic sent to; null when sent to everyone')),
};

/** 200 from POST /broadcast and /broadcast/comments: every recipient has had its send. */
export const completedAnswerSchema = z
  .object({ ...reportShape, ...answerFields })
  .check(z.meta({ id: 'CompletedBroadcast', title: 'CompletedBroadcast' }));

/** 202: the broadcast goes on after the answer; its final report is at statusUrl. */
export const continuingAnswerSchema = z
  .object({
    ...reportShape,
    ...answerFields,
    broadcastId: z.string(),
    statusPath: z.string().check(z.describe('/<stage>/broadcasts/<broadcastId>')),
    statusUrl: z.string().check(z.describe('statusPath on the host the request came to')),
    complete: z.literal(false),
  })
  .check(z.meta({ id: 'ContinuingBroadcast', title: 'ContinuingBroadcast' }));

/** 200 from GET /broadcasts/{id}: the broadcast's parts added up so far. */
export const broadcastStatusSchema = z
  .object({
    ...reportShape,
    message: z.string(),
    connectionCount: count('Same as recipients'),
    broadcastId: z.string(),
    pending: count('Parts still running'),
    type: z.string(),
    topic: z.nullable(z.string()),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .check(z.meta({ id: 'BroadcastStatus', title: 'BroadcastStatus' }));

/** Every 4xx/5xx the REST API's functions answer. */
export const errorAnswerSchema = z
  .object({ message: z.string().check(z.describe('What was wrong, and what to do about it')) })
  .check(z.meta({ id: 'ErrorAnswer', title: 'ErrorAnswer' }));

// Fail to compile when the core's types and these schemas part ways (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatches: Same<z.infer<typeof deliveryReportSchema>, DeliveryReport> = true;
const messageMatches: Same<z.infer<typeof broadcastMessageSchema>, OutboundMessage> = true;
void reportMatches;
void messageMatches;
