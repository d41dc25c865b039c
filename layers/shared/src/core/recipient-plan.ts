import { ALL, UNSUBSCRIBED } from '../store/item-keys';

/**
 * What a broadcast reads: index keys in order, each possibly resumed after a connection id and
 * possibly filtered to some shards. A plan is what one invocation is handed; parts of a plan are
 * what parallel invocations get, and what is left of it is what a continuation gets.
 */
export interface PlanEntry {
  /** An index key, or EXPLICIT for the connection ids listed in `ids`. */
  key: string;
  /** With key EXPLICIT: recipients named one by one (those a deadline caught waiting out a 429). */
  ids?: string[];
  /** Resume after this connection id (the index is sorted by it within a key). */
  after?: string;
  /** Only connections whose shard (of `count`) is one of `keep`: how a key that is not sharded is split. */
  filter?: { count: number; keep: number[] };
}

export type RecipientPlan = PlanEntry[];

export const EXPLICIT = '$ids';

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
 * connects spread their index writes over S partition keys. The unsharded `$all` and
 * `$unsubscribed` of connections made before sharding are read too until they have expired.
 */
export function recipientPlan(topic: string | undefined, shards: number): RecipientPlan {
  const family = topic === undefined ? ALL : UNSUBSCRIBED;
  const sharded = Array.from({ length: shards }, (_, shard) => ({ key: shardKey(family, shard) }));
  return topic === undefined ? [...sharded, { key: ALL }] : [{ key: topic }, ...sharded, { key: UNSUBSCRIBED }];
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
 * key is undefined), plus recipients taken but not delivered.
 */
export function remainingPlan(
  plan: RecipientPlan,
  position: { key?: string; lastId?: string; done: boolean },
  unsent: string[] = [],
): RecipientPlan {
  const retry: RecipientPlan = unsent.length > 0 ? [{ key: EXPLICIT, ids: unsent }] : [];
  if (position.done) return retry;
  const index = position.key === undefined ? 0 : plan.findIndex((entry) => entry.key === position.key);
  if (index < 0) return [...retry, ...plan];
  const current = plan[index]!;
  const resumed =
    current.key === EXPLICIT
      ? { ...current, ids: current.ids?.slice(current.ids.indexOf(position.lastId ?? '') + 1) }
      : { ...current, after: position.lastId ?? current.after };
  return [...retry, resumed, ...plan.slice(index + 1)];
}
