import {
  type ConnectionStore,
  MAX_CARRIED_MOVERS,
  MOVED,
  type Mover,
  type MoverWindow,
  type PlanEntry,
  type RecipientPlan,
  moverIsDue,
  readSoFar,
} from '../core';
import type { QueuePosition } from './recipient-queue';

/**
 * What the MOVED entry of a plan must tell the next invocation of the same part when this one
 * stops (a hand-off) or might die (a claim): when, which never-subscribed keys had been read, and
 * which movers by then were reached. Movers are read incrementally, second by second, so that
 * settling again after every claim costs a Query or two.
 */
export class MoverTracker {
  private readonly entry: PlanEntry | undefined;
  private readonly known = new Map<string, Mover>();
  private readUpTo: number;

  constructor(
    private readonly store: Pick<ConnectionStore, 'movers' | 'shards'>,
    private readonly plan: RecipientPlan,
  ) {
    this.entry = plan.find((entry) => entry.key === MOVED);
    this.readUpTo = this.entry?.movers?.since ?? 0;
  }

  /** The MOVED entry as the next invocation must see it, or undefined when the plan has none. */
  async settle(
    position: QueuePosition,
    handedOut: (connectionId: string) => boolean,
    at = Date.now(),
  ): Promise<((entry: PlanEntry) => PlanEntry) | undefined> {
    const window = this.entry?.movers;
    if (window === undefined) return undefined;
    await this.readMovers(window, at);
    const reached: string[] = [];
    const owed: string[] = [];
    for (const mover of this.known.values()) {
      if (mover.movedAt > at) continue;
      const dueBefore = moverIsDue(mover, window, this.store.shards);
      if (handedOut(mover.connectionId) || !dueBefore) reached.push(mover.connectionId);
      else owed.push(mover.connectionId);
    }
    const carried = Math.max(reached.length, owed.length) <= MAX_CARRIED_MOVERS;
    const exact = (window.earlier?.exact ?? true) && carried;
    const earlier = {
      at,
      read: readSoFar(this.plan, position, window.earlier?.read),
      reached: reached.slice(0, MAX_CARRIED_MOVERS),
      owed: owed.slice(0, MAX_CARRIED_MOVERS),
      exact,
    };
    const movers: MoverWindow = { since: window.since, earlier };
    return (entry) => ({ ...entry, movers });
  }

  private async readMovers(window: MoverWindow, until: number): Promise<void> {
    // The last second read may have gained movers since: it is read again.
    const from = Math.floor(this.readUpTo / 1000) * 1000;
    for await (const page of this.store.movers(Math.max(window.since, from), until, this.entry?.filter)) {
      for (const mover of page) {
        const known = this.known.get(mover.connectionId);
        // A re-read may see only the move's end: the start read before stays its start.
        const movedAt = Math.min(known?.movedAt ?? Infinity, mover.movedAt);
        this.known.set(mover.connectionId, { ...mover, movedAt, confirmedAt: mover.confirmedAt ?? known?.confirmedAt });
      }
    }
    this.readUpTo = Math.max(this.readUpTo, until);
  }
}
