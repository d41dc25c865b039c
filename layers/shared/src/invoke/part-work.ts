import type { DeliveryReport, RecipientPlan } from '../core';

/** What an invocation of the fan-out worker is handed: one part of one broadcast, and how it comes to own it. */
export interface FanoutWorkEvent {
  broadcastId: string;
  part: number;
  /** The token this invocation owns the part by (chosen by whoever invoked it). */
  owner: string;
  /** The message, base64. */
  payload: string;
  /** Set when this invocation starts the part: its first plan. */
  plan?: RecipientPlan;
  /** Epoch ms by which a part run for a waiting broadcast must answer. */
  deadline?: number;
  /** Set to take the part over: from the owner `from` that died, or, without it, from any owner whose lease ran out. */
  resume?: { from?: string };
}

/** What a waited part answers: its invocation's figures, and whether it handed a rest on. */
export interface PartOutcome {
  report: DeliveryReport;
  continued: boolean;
}

/** Runs parts in other invocations of the worker: `run` waits for the answer, `continueLater` returns at once. */
export interface PartInvoker {
  run(work: FanoutWorkEvent): Promise<PartOutcome>;
  continueLater(work: FanoutWorkEvent): Promise<void>;
}

/** Lambda's record of an asynchronous invocation that failed, as an OnFailure destination receives it. */
export interface FailedInvocationRecord {
  requestContext: { condition: string; requestId?: string; approximateInvokeCount?: number };
  requestPayload: FanoutWorkEvent | FailedInvocationRecord;
  responsePayload?: unknown;
}

export const isFailedInvocationRecord = (event: unknown): event is FailedInvocationRecord =>
  typeof event === 'object' && event !== null && 'requestPayload' in event && 'requestContext' in event;

/**
 * The owner a recovery from `record` takes the part over as: derived from the failed invocation's
 * request id, so that if the recovery dies too, the next record still says whom to take it from.
 */
export const recoveryOwner = (record: FailedInvocationRecord) =>
  `recovery-${record.requestContext.requestId ?? record.requestContext.approximateInvokeCount ?? 'unknown'}`;

/** The work a chain of failure records is about, and the owners it may still be held by (newest first). */
export function failedWork(record: FailedInvocationRecord): { work: FanoutWorkEvent; owners: string[] } {
  const owners: string[] = [];
  let payload = record.requestPayload;
  while (isFailedInvocationRecord(payload)) {
    owners.push(recoveryOwner(payload));
    payload = payload.requestPayload;
  }
  owners.push(payload.owner, ...(payload.resume?.from ? [payload.resume.from] : []));
  return { work: payload, owners };
}
