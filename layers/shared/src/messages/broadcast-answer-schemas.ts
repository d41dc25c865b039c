import { z } from 'zod';
import type { DeliveryReport } from '../core';
import { broadcastMessageSchema } from './server-messages';
import type { OutboundMessage } from '../broadcast/outbound-message';

const count = (description: string) => z.number().int().nonnegative().describe(description);

/** The schema of the core's DeliveryReport (checked against it below): what every answer carries. */
export const deliveryReportSchema = z
  .object({
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
    complete: z.boolean().describe('False when the deadline cut the broadcast short, or a part failed'),
  })
  .meta({ id: 'DeliveryReport', title: 'DeliveryReport' });

const answerFields = {
  message: z.string(),
  connectionCount: count('Same as recipients'),
  topic: z.string().nullable().describe('The topic sent to; null when sent to everyone'),
};

/** 200 from POST /broadcast and /broadcast/comments: every recipient has had its send. */
export const completedAnswerSchema = deliveryReportSchema
  .extend(answerFields)
  .meta({ id: 'CompletedBroadcast', title: 'CompletedBroadcast' });

/** 202: the broadcast goes on after the answer; its final report is at statusUrl. */
export const continuingAnswerSchema = deliveryReportSchema
  .extend({
    ...answerFields,
    broadcastId: z.string(),
    statusPath: z.string().describe('/<stage>/broadcasts/<broadcastId>'),
    statusUrl: z.string().describe('statusPath on the host the request came to'),
    complete: z.literal(false),
  })
  .meta({ id: 'ContinuingBroadcast', title: 'ContinuingBroadcast' });

/** 200 from GET /broadcasts/{id}: the broadcast's parts added up so far. */
export const broadcastStatusSchema = deliveryReportSchema
  .extend({
    message: z.string(),
    connectionCount: count('Same as recipients'),
    broadcastId: z.string(),
    pending: count('Parts still running'),
    type: z.string(),
    topic: z.string().nullable(),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'BroadcastStatus', title: 'BroadcastStatus' });

/** Every 4xx/5xx the REST API's functions answer. */
export const errorAnswerSchema = z
  .object({ message: z.string().describe('What was wrong, and what to do about it') })
  .meta({ id: 'ErrorAnswer', title: 'ErrorAnswer' });

// Fail to compile when the core's types and these schemas part ways (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatches: Same<z.infer<typeof deliveryReportSchema>, DeliveryReport> = true;
const messageMatches: Same<z.infer<typeof broadcastMessageSchema>, OutboundMessage> = true;
void reportMatches;
void messageMatches;
