import {
  emptyReport,
  logger,
  recordContinuation,
  recordPartResumed,
  withInvocationKeys,
} from '@comments-websocket/shared';
import type { BroadcastRecords, PartState } from '@comments-websocket/shared/store';
import { type PartRunDependencies, abandonPart, runPart } from '@comments-websocket/shared/fanout';
import {
  type FailedInvocationRecord,
  type FanoutWorkEvent,
  type PartOutcome,
  failedWork,
  isFailedInvocationRecord,
  recoveryOwner,
} from '@comments-websocket/shared/invoke';
import type { Context } from 'aws-lambda';

export interface WorkerDependencies extends PartRunDependencies {
  records: Pick<BroadcastRecords, 'advance' | 'startPart' | 'acquire' | 'takeOver'>;
}

/** Time kept back from the function's timeout to hand the rest on and record the figures. */
const RESERVE_MS = 3000;
/** A running invocation keeps its part this long past its own deadline before others take it as dead. */
const LEASE_MARGIN_MS = 10_000;
/** Times a part is resumed after its invocation died before it is given up (its recipients left counted unreached). */
export const MAX_RESUMES = 3;

/**
 * One part of a broadcast: started here, continued from an invocation that ran out of time, resumed
 * from one that died (Lambda's OnFailure record, or a broadcast that gave up waiting for it), or
 * given up when Lambda held it back past its event age.
 */
export const createWorkerHandler =
  (dependencies: WorkerDependencies) =>
  async (event: FanoutWorkEvent | FailedInvocationRecord, context: Context): Promise<PartOutcome> => {
    const failure = isFailedInvocationRecord(event) ? event : undefined;
    const work = failure ? failedWork(failure).work : (event as FanoutWorkEvent);
    withInvocationKeys(context, { route: 'fanout-worker', broadcastId: work.broadcastId, part: work.part });
    const deadline = Math.min(Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS, work.deadline ?? Infinity);
    const leaseUntil = Date.now() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS;
    const state = await ownPart(dependencies, event, leaseUntil);
    if (!state) {
      logger.info('the part is done or owned by another invocation; nothing to do');
      return { report: emptyReport(), continued: false };
    }
    const owned = {
      ...state,
      broadcastId: work.broadcastId,
      base: state.report,
      payload: Buffer.from(work.payload, 'base64'),
    };
    if (failure?.requestContext.condition === 'EventAgeExceeded' || state.resumes > MAX_RESUMES) {
      const report = await abandonPart(dependencies, owned);
      recordContinuation(report);
      return { report, continued: false };
    }
    const outcome = await runPart(dependencies, owned, deadline, leaseUntil);
    logger.info('fan-out part', { keys: state.plan.length, continued: outcome.continued, ...outcome.report });
    // A waited part's figures reach the metrics in its broadcast's own.
    if (work.deadline === undefined) recordContinuation(outcome.report);
    return outcome;
  };

/** Makes this invocation the part's owner, as the event says it should; undefined when it cannot. */
async function ownPart(
  { records }: WorkerDependencies,
  event: FanoutWorkEvent | FailedInvocationRecord,
  leaseUntil: number,
): Promise<PartState | undefined> {
  if (isFailedInvocationRecord(event)) {
    const { work, owners } = failedWork(event);
    logger.warn('resuming a part whose invocation failed', { condition: event.requestContext.condition });
    recordPartResumed(event.requestContext.condition);
    for (const from of owners) {
      const state = await records.takeOver(work.broadcastId, work.part, from, recoveryOwner(event), leaseUntil);
      if (state) return state;
    }
    return undefined;
  }
  const { broadcastId, part, owner, plan, resume } = event;
  if (resume) {
    const taken = await records.takeOver(broadcastId, part, resume.from, owner, leaseUntil);
    if (taken || !plan) return taken;
  }
  if (plan) {
    const state: PartState = { part, owner, leaseUntil, plan, report: emptyReport(), resumes: 0, done: false };
    return (await records.startPart(broadcastId, state)) ? state : undefined;
  }
  return records.acquire(broadcastId, part, owner, leaseUntil);
}
