import type { Invocation } from './function-pool';

export type RecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** What Lambda sends a destination about one asynchronous event (the "invocation record", version 1.0). */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: RecordCondition;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: unknown;
}

export interface FinishedInvocation {
  requestId: string;
  functionArn: string;
  event: unknown;
  condition: RecordCondition;
  attempts: number;
  /** The last attempt's result, when the event ran at all. */
  last?: Invocation;
}

/**
 * The record as AWS documents it: the function's ARN qualified with the version that ran, the payload
 * as sent, and the last attempt's response (an error is `Unhandled`, its payload Lambda's error object).
 * An event dropped before any attempt has no response to report.
 */
export function invocationRecord(finished: FinishedInvocation): InvocationRecord {
  const record: InvocationRecord = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: finished.requestId,
      functionArn: `${finished.functionArn}:$LATEST`,
      condition: finished.condition,
      approximateInvokeCount: finished.attempts,
    },
    requestPayload: finished.event,
  };
  const outcome = finished.last?.outcome;
  if (!outcome) return record;
  if (outcome.ok)
    return {
      ...record,
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: outcome.result,
    };
  const { errorType, errorMessage, stack } = outcome.error;
  return {
    ...record,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType, errorMessage, trace: stack?.split('\n') ?? [] },
  };
}
