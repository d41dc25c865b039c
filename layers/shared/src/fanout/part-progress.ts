import { type DeliveryReport, REPORT_COUNTERS, type RecipientPlan, remainingPlan } from '../core';
import type { BroadcastRecords } from '../store';
import type { ProgressClaimer } from './fan-out';
import type { MoverTracker } from './mover-tracker';

/** Recipients claimed per write: one store write per this many sends, and at most twice this many unconfirmed if the part dies. */
export const CLAIM_CHUNK = 128;

export interface PartOwnership {
  records: Pick<BroadcastRecords, 'advance'>;
  broadcastId: string;
  part: number;
  /** The token this invocation owns the part by. */
  owner: string;
  /** The part's figures from earlier invocations. */
  base: DeliveryReport;
  /** Epoch ms: how long each claim keeps the part this invocation's. */
  leaseUntil: number;
}

/** Adds an invocation's figures to the part's earlier ones. */
export function addFigures(base: DeliveryReport, report: DeliveryReport): DeliveryReport {
  const total = { ...base };
  for (const field of REPORT_COUNTERS) total[field] += report[field];
  return total;
}

/** One invocation's hold on a part of a broadcast: its claims, its hand-off, its end. */
export class PartProgress {
  constructor(private readonly ownership: PartOwnership) {}

  claimer(plan: RecipientPlan, movers: MoverTracker): ProgressClaimer {
    const { records, broadcastId, part, owner, base, leaseUntil } = this.ownership;
    return {
      chunk: CLAIM_CHUNK,
      claim: async (position, { report, handedOut }) => {
        const carry = await movers.settle(position, handedOut);
        const rest = remainingPlan(plan, position, [], carry);
        await records.advance(broadcastId, owner, {
          part,
          plan: rest,
          report: addFigures(base, report),
          leaseUntil,
          done: false,
        });
      },
    };
  }

  /** The part is delivered: its figures are final. */
  finish(report: DeliveryReport): Promise<void> {
    const { records, broadcastId, part, owner, base } = this.ownership;
    const figures = addFigures(base, report);
    return records.advance(broadcastId, owner, { part, plan: [], report: figures, leaseUntil: 0, done: true });
  }

  /** What is left goes to `nextOwner`, an invocation that may wait in Lambda's queue until `leaseUntil`. */
  handOff(rest: RecipientPlan, report: DeliveryReport, nextOwner: string, leaseUntil: number): Promise<void> {
    const { records, broadcastId, part, owner, base } = this.ownership;
    const figures = addFigures(base, report);
    return records.advance(broadcastId, owner, {
      part,
      plan: rest,
      report: figures,
      leaseUntil,
      done: false,
      nextOwner,
    });
  }
}
