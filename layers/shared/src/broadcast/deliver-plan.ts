import { type ConnectionStore, type DeliveryReport, type RecipientPlan, logger, remainingPlan } from '../core';
import { fanOut } from './fan-out';
import type { ConnectionSender } from './connection-sender';

export interface PlanDeliveryDependencies {
  store: Pick<ConnectionStore, 'recipients' | 'removeStaleConnection'>;
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

/** Delivers `payload` to a plan's recipients until `deadline`, and says what is left for a continuation. */
export async function deliverPlan(
  dependencies: PlanDeliveryDependencies,
  plan: RecipientPlan,
  payload: Uint8Array,
  deadline: number,
): Promise<PlanDelivery> {
  const { store, sender, concurrency, staleGraceMs } = dependencies;
  const { position, unsent, ...report } = await fanOut({
    recipients: store.recipients(plan),
    send: (connectionId) => sender.post(connectionId, payload),
    removeStale: (connectionId) => store.removeStaleConnection(connectionId, Date.now() - staleGraceMs),
    concurrency,
    deadline,
    leaveRest: true,
    onError: (connectionId, error) => logger.warn('send failed', { recipient: connectionId, error: error as Error }),
  });
  return { report, rest: remainingPlan(plan, position, unsent) };
}
