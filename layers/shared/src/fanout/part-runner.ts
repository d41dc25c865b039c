import { randomUUID } from 'node:crypto';
import { type DeliveryReport, MOVED, type RecipientPlan, emptyReport, logger } from '../core';
import type { BroadcastRecords } from '../store';
import { type PlanDeliveryDependencies, deliverPlan } from './deliver-plan';
import { PartProgress, addFigures } from './part-progress';
import type { PartInvoker, PartOutcome } from '../invoke';
import type { KeyedPage } from './recipient-queue';

export interface PartRunDependencies extends PlanDeliveryDependencies {
  records: Pick<BroadcastRecords, 'advance'>;
  invoker: Pick<PartInvoker, 'continueLater'>;
  /** How long a handed-on part may wait in Lambda's queue and run before it is taken as lost (ms). */
  handOffLeaseMs: number;
}

/** A part this invocation owns, as its record says. */
export interface OwnedPart {
  broadcastId: string;
  part: number;
  owner: string;
  plan: RecipientPlan;
  /** The part's figures from earlier invocations. */
  base: DeliveryReport;
  payload: Uint8Array;
}

/**
 * Delivers an owned part until `deadline`, claiming as it goes; then ends it, or hands the rest to a
 * new invocation. Answers this invocation's figures. `recipients`: the plan's reading, if started earlier.
 */
export async function runPart(
  dependencies: PartRunDependencies,
  owned: OwnedPart,
  deadline: number,
  leaseUntil: number,
  recipients?: AsyncIterable<KeyedPage>,
): Promise<PartOutcome> {
  const { records, invoker, handOffLeaseMs } = dependencies;
  const { broadcastId, part, owner, base } = owned;
  const progress = new PartProgress({ records, broadcastId, part, owner, base, leaseUntil });
  const { report, rest } = await deliverPlan(dependencies, owned.plan, owned.payload, deadline, {
    progress,
    recipients,
  });
  if (rest.length === 0) {
    await progress.finish(report);
    return { report, continued: false };
  }
  if (report.sends === 0 && sameReading(rest, owned.plan)) {
    // No time to send anything (a timeout shorter than the reserve): handing the same plan on would loop forever.
    const abandoned = await abandonPart(dependencies, { ...owned, base: addFigures(base, report) });
    return { report: addFigures(report, abandoned), continued: false };
  }
  const next = randomUUID();
  await progress.handOff(rest, report, next, Date.now() + handOffLeaseMs);
  try {
    await invoker.continueLater({
      broadcastId,
      part,
      owner: next,
      payload: Buffer.from(owned.payload).toString('base64'),
    });
  } catch (error) {
    logger.error('the rest of a part could not be handed on; it is resumed once its lease runs out', {
      error: error as Error,
      broadcastId,
      part,
    });
  }
  return { report, continued: true };
}

/** Whether two plans read the same recipients (a MOVED entry's carried state aside, which every stop renews). */
function sameReading(a: RecipientPlan, b: RecipientPlan): boolean {
  const reading = (plan: RecipientPlan) =>
    JSON.stringify(plan.map((entry) => (entry.key === MOVED ? { key: MOVED } : entry)));
  return reading(a) === reading(b);
}

/**
 * Ends a part that cannot go on (it failed too often, or Lambda held it back past its event age):
 * what it had left is counted as unreached, never sent late.
 */
export async function abandonPart(
  dependencies: Pick<PartRunDependencies, 'store' | 'records'>,
  owned: OwnedPart,
): Promise<DeliveryReport> {
  const { store, records } = dependencies;
  const left = new Set<string>();
  for await (const page of store.recipients(owned.plan)) for (const id of page.ids) left.add(id);
  const report = { ...emptyReport(), unreached: left.size, recipients: left.size, failedParts: 1, complete: false };
  logger.error('a part of a broadcast was given up; its recipients left are counted unreached', {
    broadcastId: owned.broadcastId,
    part: owned.part,
    unreached: left.size,
  });
  const progress = new PartProgress({ ...owned, records, leaseUntil: 0 });
  await progress.finish(report);
  return report;
}
