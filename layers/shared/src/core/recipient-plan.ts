import { ALL, MOVED, UNSUBSCRIBED, connectionPk } from './item-keys';

/**
 * What a broadcast reads: index keys in order, each possibly resumed after a connection id and
 * possibly filtered to some shards. A plan is what one invocation is handed; parts of a plan are
 * what parallel invocations get, and what is left of it is what a continuation gets.
 */
export interface PlanEntry {
  /** An index key, EXPLICIT for the connection ids listed in `ids`, or MOVED for the movers of `movers`. */
  key: string;
  /** With key EXPLICIT: recipients named one by one (those a deadline caught waiting out a 429). */
  ids?: string[];
  /** Resume after this connection id (the index is sorted by it within a key). */
  after?: string;
  /** Only connections whose shard (of `count`) is one of `keep`: how a key that is not sharded is split. */
  filter?: { count: number; keep: number[] };
  /** With key MOVED: which first subscribes the broadcast still owes its message to. */
  movers?: MoverWindow;
}

/**
 * A client that never subscribed is a recipient of every broadcast through its `$unsubscribed`
 * item; its first subscribe replaces that item by a `#moved` one. A broadcast that started before
 * the move but read the client's shard after it finds the client there: every mover since the
 * broadcast started is a recipient unless it was already reached, which one invocation knows (it
 * remembers whom it sent to) and a later one learns from `earlier`.
 */
export interface MoverWindow {
  /** Epoch ms the broadcast started. */
  since: number;
  /** Set once an earlier invocation of the same part has stopped. */
  earlier?: {
    /** When it stopped (epoch ms): it had read nothing after. */
    at: number;
    /** `$unsubscribed` keys it read: true for a whole key, else the last connection id read under it. */
    read: Record<string, true | string>;
    /** Movers that moved by `at` and were reached. */
    reached: string[];
    /**
     * Movers by `at` it had read and still owed the message. A mover by `at` in neither list was
     * not readable yet when it stopped (its first subscribe's stamp was on its way): the client was
     * then still never-subscribed while that invocation read, so its shard's read decides (as for a
     * later mover). Absent from windows carried before this list was: every mover by `at` not
     * reached is then owed.
     */
    owed?: string[];
    /** False when the lists may be short (a part that died, or too many movers to carry): movers by `at` not reached are then skipped. */
    exact: boolean;
  };
}

/**
 * A client whose first subscribe took it out of "never subscribed": its `#unsubscribed` item was
 * deleted after `movedAt` and, once `confirmedAt` is known, before it (epoch ms).
 */
export interface Mover {
  connectionId: string;
  movedAt: number;
  confirmedAt?: number;
}

export type RecipientPlan = PlanEntry[];

export const EXPLICIT = '$ids';

/** Movers carried from one invocation to the next at most; past it the window stops being exact (never a duplicate). */
export const MAX_CARRIED_MOVERS = 2000;

/** One page of a key: the ids in index order. */
export interface RecipientPage {
  key: string;
  ids: string[];
}

/** FNV-1a: cheap, and spreads API Gateway's connection ids evenly. */
export function shardOf(connectionId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < connectionId.length; i++) {
    hash ^= connectionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

export const shardKey = (family: string, shard: number) => `${family}#${shard}`;

/**
 * "Everyone" lives under `$all#0..S-1`, "never subscribed" under `$unsubscribed#0..S-1`, so that
 * connects spread their index writes over S partition keys. A targeted broadcast reads its topic,
 * then the never-subscribed shards, then whoever left them since `since` (see MoverWindow).
 */
export function recipientPlan(topic: string | undefined, shards: number, since: number): RecipientPlan {
  const family = topic === undefined ? ALL : UNSUBSCRIBED;
  const sharded = Array.from({ length: shards }, (_, shard) => ({ key: shardKey(family, shard) }));
  return topic === undefined ? sharded : [{ key: topic }, ...sharded, { key: MOVED, movers: { since } }];
}

/**
 * A move whose end was not stamped yet (its subscribe is under way, or died in between) counts if
 * it began this little before the broadcast: it may still have been a recipient then, and clocks of
 * two invocations differ a little.
 */
export const MOVE_SLACK_MS = 1000;

/** Whether a client was still never-subscribed (a recipient) when a broadcast that started at `since` did. */
export function movedDuring(mover: Mover, since: number): boolean {
  return mover.confirmedAt !== undefined ? mover.confirmedAt >= since : mover.movedAt >= since - MOVE_SLACK_MS;
}

/** Whether a mover is still owed the message by this invocation (which also skips whom it reached itself). */
export function moverIsDue(mover: Mover, window: MoverWindow, shards: number): boolean {
  if (!movedDuring(mover, window.since)) return false;
  const earlier = window.earlier;
  if (earlier === undefined) return true;
  if (mover.movedAt <= earlier.at) {
    if (!earlier.exact || earlier.reached.includes(mover.connectionId)) return false;
    if (earlier.owed === undefined || earlier.owed.includes(mover.connectionId)) return true;
  }
  // Moved after the earlier invocation stopped, or before it without its stamp being readable yet:
  // it was still never-subscribed when that one read its shard.
  return !wasRead(mover.connectionId, earlier.read, shards);
}

function wasRead(connectionId: string, read: Record<string, true | string>, shards: number): boolean {
  const mark = read[shardKey(UNSUBSCRIBED, shardOf(connectionId, shards))];
  if (mark === undefined) return false;
  return mark === true || connectionPk(connectionId) <= connectionPk(mark);
}

/** The `$unsubscribed` keys a plan has read up to `position`, merged with what earlier invocations read. */
export function readSoFar(
  plan: RecipientPlan,
  position: { key?: string; lastId?: string; done: boolean },
  earlier: Record<string, true | string> = {},
): Record<string, true | string> {
  const read = { ...earlier };
  const current = position.done ? plan.length : plan.findIndex((entry) => entry.key === position.key);
  plan.forEach((entry, index) => {
    if (!entry.key.startsWith(`${UNSUBSCRIBED}#`)) return;
    if (index < current) read[entry.key] = true;
    else if (index === current && position.lastId !== undefined) read[entry.key] = position.lastId;
  });
  return read;
}

/**
 * Splits a plan into `parts` plans that share no connection: shard k goes to part k mod parts,
 * and a key that is not sharded is read by every part, each keeping only its own shards.
 */
export function splitPlan(plan: RecipientPlan, shards: number, parts: number): RecipientPlan[] {
  const shardOfKey = (key: string) => {
    const match = /^\$(?:all|unsubscribed)#(\d+)$/.exec(key);
    return match ? Number(match[1]) : undefined;
  };
  return Array.from({ length: parts }, (_, part) => {
    const keep = Array.from({ length: shards }, (_, shard) => shard).filter((shard) => shard % parts === part);
    return plan.flatMap((entry) => {
      const shard = shardOfKey(entry.key);
      if (shard !== undefined) return shard % parts === part ? [entry] : [];
      return [{ ...entry, filter: { count: shards, keep } }];
    });
  });
}

/**
 * What is left of a plan when reading stopped after `lastId` of `key` (or before anything, when
 * key is undefined), plus recipients taken but not delivered. A MOVED entry is never resumed part
 * way: what it has handed out is carried as reached instead (`carry`).
 */
export function remainingPlan(
  plan: RecipientPlan,
  position: { key?: string; lastId?: string; done: boolean },
  unsent: string[] = [],
  carry?: (entry: PlanEntry) => PlanEntry,
): RecipientPlan {
  const retry: RecipientPlan = unsent.length > 0 ? [{ key: EXPLICIT, ids: unsent }] : [];
  if (position.done) return retry;
  const index = position.key === undefined ? 0 : plan.findIndex((entry) => entry.key === position.key);
  const rest = index < 0 ? plan : plan.slice(index);
  return [...retry, ...rest.map((entry, at) => resumed(entry, at === 0 && index >= 0 ? position : undefined, carry))];
}

function resumed(
  entry: PlanEntry,
  position: { key?: string; lastId?: string } | undefined,
  carry: ((entry: PlanEntry) => PlanEntry) | undefined,
): PlanEntry {
  const moved = entry.key === MOVED && carry ? carry(entry) : entry;
  if (position?.key === undefined || entry.key === MOVED) return moved;
  if (entry.key === EXPLICIT) return { ...entry, ids: entry.ids?.slice(entry.ids.indexOf(position.lastId ?? '') + 1) };
  return { ...entry, after: position.lastId ?? entry.after };
}
