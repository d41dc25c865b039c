import type { APIGatewayProxyResult } from 'aws-lambda';
import { type DeliveryReport, REPORT_COUNTERS, headerValue, jsonResponse } from '../core';
import type { BroadcastRecord } from '../store';
import { REPLAYED_HEADER } from './idempotency';

interface AnsweredRequest {
  headers?: Record<string, string | undefined> | null;
  requestContext?: { stage?: string; domainName?: string } | null;
}

/** Every recipient has had its send: 200 with the report. */
export function completedAnswer(report: DeliveryReport, topic: string | null | undefined): APIGatewayProxyResult {
  const message = report.complete
    ? 'Broadcast completed'
    : `Broadcast incomplete: ${report.failedParts} part(s) failed; see the logs`;
  return jsonResponse(200, { message, connectionCount: report.recipients, topic: topic ?? null, ...report });
}

/** Parts go on after this answer: 202 and where to read the final report. */
export function continuingAnswer(
  request: AnsweredRequest,
  broadcastId: string,
  report: Omit<DeliveryReport, 'complete'>,
  topic: string | null | undefined,
  message = 'Broadcast continues asynchronously; read the final report at statusUrl',
): APIGatewayProxyResult {
  const statusPath = `/${request.requestContext?.stage ?? ''}/broadcasts/${broadcastId}`.replace(/^\/\//, '/');
  const scheme = headerValue(request.headers, 'x-forwarded-proto') ?? 'https';
  const host = headerValue(request.headers, 'host') ?? request.requestContext?.domainName;
  return jsonResponse(202, {
    message,
    broadcastId,
    statusPath,
    statusUrl: host ? `${scheme}://${host}${statusPath}` : statusPath,
    connectionCount: report.recipients,
    topic: topic ?? null,
    ...report,
    complete: false,
  });
}

/** A repeat of a keyed request: the first answer again, or, while the first still runs, where its report is. */
export function replayAnswer(
  request: AnsweredRequest,
  stored: { statusCode: number; body: string } | undefined,
  record: BroadcastRecord,
): APIGatewayProxyResult {
  const { broadcastId } = record;
  const report = figuresOf(record);
  const answer = stored
    ? { statusCode: stored.statusCode, headers: { 'Content-Type': 'application/json' }, body: stored.body }
    : record.complete
      ? completedAnswer({ ...report, complete: true }, record.topic)
      : continuingAnswer(
          request,
          broadcastId,
          report,
          record.topic,
          'A broadcast with this Idempotency-Key is under way; read its report at statusUrl',
        );
  return { ...answer, headers: { ...answer.headers, [REPLAYED_HEADER]: 'true' } };
}

/** The delivery figures of a record, without what only the record has. */
function figuresOf(record: BroadcastRecord): Omit<DeliveryReport, 'complete'> {
  return Object.fromEntries(REPORT_COUNTERS.map((field) => [field, record[field]])) as Omit<DeliveryReport, 'complete'>;
}
