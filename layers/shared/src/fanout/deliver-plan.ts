import { type ConnectionStore, type DeliveryReport, MOVED, type RecipientPlan, logger, remainingPlan } from '../core';
import { fanOut } from './fan-out';
import type { ConnectionSender } from './connection-sender';
import { MoverTracker } from './mover-tracker';
import type { KeyedPage } from './recipient-queue';
import type { PartProgress } from './part-progress';

export interface PlanDeliveryDependencies {
  store: Pick<ConnectionStore, 'recipients' | 'removeStaleConnection' | 'movers' | 'shards'>;
  sender: Pick<ConnectionSender, 'post'>;
  concurrency: number;
  /**
   * A connection younger than this is not removed when a send finds it gone: PostToConnection
   * answers 410 while a client is still completing its handshake ($connect has written the
   * record but not yet returned).
   */
  staleGraceMs: number;
}

export interface PlanDelivery {
  report: DeliveryReport;
  /** What the deadline left unread: empty when the plan was delivered whole. */
  rest: RecipientPlan;
}

export interface PlanDeliveryOptions {
  /** Recipients are claimed in the part's record before they are sent to (a part that dies is resumed). */
  progress?: PartProgress;
  /** The plan's reading when the caller started it earlier (the store asks for first pages as soon as it is called). */
  recipients?: AsyncIterable<KeyedPage>;
  /** Sends in flight at the start; by default the slow start of a part that may run beside others. */
  initialConcurrency?: number;
}

/**
 * Delivers `payload` to a plan's recipients until `deadline`, and says what is left for a
 * continuation.
 */
export async function deliverPlan(
  dependencies: PlanDeliveryDependencies,
  plan: RecipientPlan,
  payload: Uint8Array,
  deadline: number,
  { progress, recipients = dependencies.store.recipients(plan), initialConcurrency }: PlanDeliveryOptions = {},
): Promise<PlanDelivery> {
  const { store, sender, concurrency, staleGraceMs } = dependencies;
  const movers = new MoverTracker(store, plan);
  const { position, unsent, handedOut, ...report } = await fanOut({
    recipients,
    send: (connectionId) => sender.post(connectionId, payload),
    removeStale: (connectionId) => store.removeStaleConnection(connectionId, Date.now() - staleGraceMs),
    concurrency,
    initialConcurrency,
    deadline,
    leaveRest: true,
    claimer: progress?.claimer(plan, movers),
    onError: (connectionId, error) => logger.warn('send failed', { recipient: connectionId, error: error as Error }),
  });
  const rest = remainingPlan(plan, position, unsent);
  if (!rest.some((entry) => entry.key === MOVED)) return { report, rest };
  const carry = await movers.settle(position, handedOut);
  return { report, rest: carry ? remainingPlan(plan, position, unsent, carry) : rest };
}
