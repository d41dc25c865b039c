import { emptyReport, logger, recordContinuation, withInvocationKeys } from '@comments-websocket/shared';
import type { BroadcastRecords } from '@comments-websocket/shared/store';
import type { FanoutWorkEvent, FanoutWorkers } from '@comments-websocket/shared/invoke';
import { type PlanDelivery, type PlanDeliveryDependencies, deliverPlan } from '@comments-websocket/shared/broadcast';
import type { Context } from 'aws-lambda';

export interface WorkerDependencies extends PlanDeliveryDependencies {
  workers: Pick<FanoutWorkers, 'continueLater'>;
  records: Pick<BroadcastRecords, 'add'>;
}

/** Time kept back from the function's timeout to hand the rest on and record the report. */
const RESERVE_MS = 3000;

/**
 * One part of a broadcast. Called by the broadcast function and waited for, it answers its report
 * and what it left; as a continuation (with a broadcastId) it adds its report to the broadcast's
 * record and hands what it left to the next continuation.
 */
export const createWorkerHandler =
  (dependencies: WorkerDependencies) =>
  async (event: FanoutWorkEvent, context: Context): Promise<PlanDelivery | undefined> => {
    withInvocationKeys(context, { route: 'fanout-worker', broadcastId: event.broadcastId });
    const ownDeadline = Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS;
    const delivery = await deliverPlan(
      dependencies,
      event.plan,
      Buffer.from(event.payload, 'base64'),
      Math.min(ownDeadline, event.deadline ?? Infinity),
    );
    logger.info('fan-out part', { keys: event.plan.length, left: delivery.rest.length, ...delivery.report });
    if (event.broadcastId === undefined) return delivery;

    let pendingChange = -1;
    const madeProgress =
      delivery.report.sends > 0 ||
      delivery.rest.length === 0 ||
      JSON.stringify(delivery.rest) !== JSON.stringify(event.plan);
    if (!madeProgress) {
      // No time to send anything (a timeout shorter than the reserve): handing the same plan on would loop forever.
      logger.error(
        'a continuation could not send anything before its deadline; the rest of the broadcast is abandoned',
        { keys: event.plan.length },
      );
      delivery.report.failedParts += 1;
    } else if (delivery.rest.length > 0) {
      pendingChange = 0;
    }
    // This part's figures are recorded before the rest is handed on: the next continuation may finish
    // (and mark the broadcast complete) before this one would otherwise have added them.
    await dependencies.records.add(event.broadcastId, delivery.report, pendingChange);
    if (pendingChange === 0) await handOn(dependencies, event.broadcastId, delivery.rest, event.payload);
    // A waited part's figures reach the metrics in the broadcast's own; a continuation's only here.
    recordContinuation(delivery.report);
    return undefined;
  };

/** The rest goes to the next continuation; if it cannot be handed on, the broadcast ends with it counted as a failed part. */
async function handOn(
  { workers, records }: WorkerDependencies,
  broadcastId: string,
  rest: FanoutWorkEvent['plan'],
  payload: string,
): Promise<void> {
  try {
    await workers.continueLater({ plan: rest, payload, broadcastId });
  } catch (error) {
    logger.error('the rest of the broadcast could not be handed on', { error: error as Error, keys: rest.length });
    await records.add(broadcastId, { ...emptyReport(), failedParts: 1 }, -1);
  }
}
