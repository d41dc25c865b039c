import { ALL, BY_TOPIC_INDEX, EXPLICIT, MOVED, UNSUBSCRIBED, connectionIdOf, connectionPk, shardOf } from '../core';
import type { PlanEntry, RecipientPlan } from '../core';
import type { Documents } from './documents';

/**
 * The keys of a plan as one Scan of the ByTopic index read them: connection ids per key, in index
 * order. Only for an index small enough to come back in one page.
 */
export type IndexSnapshot = Map<string, string[]>;

const SHARDED = new RegExp(`^(\\${ALL}|\\${UNSUBSCRIBED})#\\d+$`);

/**
 * One Scan of the whole index, filtered to the plan's keys, when the index holds fewer than `limit`
 * items (Limit counts the items the Scan looks at, before the filter); undefined otherwise. A small
 * broadcast then costs one read instead of a Query per key (17 by default): each key's ids as its
 * Queries would give them, for about the same read capacity at 1,000 items.
 */
export async function readIndexSnapshot(
  documents: Documents,
  tableName: string,
  plan: RecipientPlan,
  limit: number,
): Promise<IndexSnapshot | undefined> {
  const { expression, values } = keyFilter(plan);
  if (expression === undefined) return new Map();
  const { Items = [], LastEvaluatedKey } = await documents.scan({
    TableName: tableName,
    IndexName: BY_TOPIC_INDEX,
    Limit: limit,
    FilterExpression: expression,
    ExpressionAttributeValues: values,
  });
  if (LastEvaluatedKey !== undefined) return undefined;
  const snapshot: IndexSnapshot = new Map();
  // The index sorts a key's items by pk: a continuation resumes after a position in that order.
  const sorted = (Items as { topic: string; pk: string }[]).sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
  for (const { topic, pk } of sorted) {
    const ids = snapshot.get(topic) ?? [];
    ids.push(connectionIdOf(pk));
    snapshot.set(topic, ids);
  }
  return snapshot;
}

/** The ids a plan entry reads from a snapshot: after its position, in its shards. */
export function snapshotIds(snapshot: IndexSnapshot, { key, after, filter }: PlanEntry): string[] {
  let ids = snapshot.get(key) ?? [];
  if (after !== undefined) {
    const from = connectionPk(after);
    ids = ids.filter((id) => connectionPk(id) > from);
  }
  if (filter === undefined) return ids;
  const keep = new Set(filter.keep);
  return ids.filter((id) => keep.has(shardOf(id, filter.count)));
}

/** Whether an entry is read from the index by key (and so from a snapshot). */
export const isIndexedKey = ({ key }: PlanEntry) => key !== MOVED && key !== EXPLICIT;

/** A sharded family is asked for by its prefix, a topic by equality: a short filter for any shard count. */
function keyFilter(plan: RecipientPlan): { expression?: string; values: Record<string, string> } {
  const families = new Set<string>();
  const topics = new Set<string>();
  for (const entry of plan.filter(isIndexedKey)) {
    const family = SHARDED.exec(entry.key)?.[1];
    if (family) families.add(`${family}#`);
    else topics.add(entry.key);
  }
  const values: Record<string, string> = {};
  const terms: string[] = [];
  [...topics].forEach((topic, i) => {
    values[`:t${i}`] = topic;
    terms.push(`topic = :t${i}`);
  });
  [...families].forEach((family, i) => {
    values[`:f${i}`] = family;
    terms.push(`begins_with(topic, :f${i})`);
  });
  return { expression: terms.length > 0 ? terms.join(' OR ') : undefined, values };
}
