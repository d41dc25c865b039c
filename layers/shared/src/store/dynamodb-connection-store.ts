import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
// Through the package, not '../errors': the core is its own module in the layer, and errors must keep one identity.
import { ConnectionNotFoundError, ITEM_TTL_SECONDS, StoreUnavailableError, TooManySubscriptionsError } from '../core';
import type { ConnectionRecord, ConnectionStore, Mover } from '../core';
import type { Documents } from './documents';
import { type IndexSnapshot, isIndexedKey, readIndexSnapshot, snapshotIds } from './index-snapshot';
import {
  ALL,
  BY_TOPIC_INDEX,
  EXPLICIT,
  META_SK,
  MOVED,
  MOVE_SLACK_MS,
  type PlanEntry,
  type RecipientPage,
  type RecipientPlan,
  UNSUBSCRIBED,
  UNSUBSCRIBED_SK,
  connectionIdOf,
  connectionPk,
  indexPosition,
  logger,
  movedDuring,
  movedStampOf,
  movedKey,
  movedSk,
  moverIsDue,
  recipientPlan,
  shardKey,
  shardOf,
  subscriptionSk,
} from '../core';

export interface DynamoDbConnectionStoreOptions {
  documents: Documents;
  tableName: string;
  maxSubscriptions?: number;
  /** Items per Query page; DynamoDB's own 1 MB page when undefined. */
  pageSize?: number;
  /** Partition keys "everyone" and "never subscribed" are spread over (see recipientPlan). */
  shards?: number;
  /** The most index items a broadcast reads whole with one Scan instead of a Query per key (0, the default: never). */
  snapshotItems?: number;
}

const BATCH_WRITE_LIMIT = 25;
/**
 * Recipient pages start small and grow, so that the first sends start after one short read instead
 * of a whole 1 MB page (thousands of ids) per part, and later pages are read while earlier ones are sent.
 */
const FIRST_RECIPIENT_PAGE = 100;
const RECIPIENT_PAGE_GROWTH = 4;
const LARGEST_RECIPIENT_PAGE = 1600;
const UNPROCESSED_RETRIES = 8;
/** Indexed keys of a plan whose first page is asked for ahead, at once (a plan has 17 by default). */
const PREFETCHED_KEYS = 32;
/** After a Scan found the index too large, broadcasts go straight to their Queries this long. */
const LARGE_INDEX_RECHECK_MS = 5 * 60 * 1000;

type TopicQuery = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;
type QueryPage = Pick<QueryCommandOutput, 'Items' | 'LastEvaluatedKey'>;

const recipientQuery = (key: string): TopicQuery => ({
  IndexName: BY_TOPIC_INDEX,
  KeyConditionExpression: 'topic = :topic',
  ExpressionAttributeValues: { ':topic': key },
});
const startKeyOf = ({ key, after }: PlanEntry) => (after === undefined ? undefined : indexPosition(key, after));

const expiresAt = (connectedAtMs: number) => Math.floor(connectedAtMs / 1000) + ITEM_TTL_SECONDS;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoDbConnectionStore implements ConnectionStore {
  private readonly documents: Documents;
  private readonly tableName: string;
  private readonly maxSubscriptions?: number;
  private readonly pageSize?: number;
  readonly shards: number;
  /** The first pages `recipients` asked for, per plan (by entry index): what reachesAtLeast may count from. */
  private readonly firstPages = new WeakMap<RecipientPlan, Map<number, Promise<QueryPage>>>();
  /** The Scan `recipients` started for a plan, if it did: what reachesAtLeast counts from. */
  private readonly snapshots = new WeakMap<RecipientPlan, Promise<IndexSnapshot | undefined>>();
  private readonly snapshotItems: number;
  private indexLargeUntil = 0;

  constructor(options: DynamoDbConnectionStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
    // No default here: the template's MaxSubscriptionsPerConnection is the one source of it.
    this.maxSubscriptions = options.maxSubscriptions;
    this.pageSize = options.pageSize;
    this.shards = options.shards ?? 1;
    this.snapshotItems = options.snapshotItems ?? 0;
  }

  async addConnection(record: ConnectionRecord): Promise<void> {
    const pk = connectionPk(record.connectionId);
    const ttl = expiresAt(record.connectedAt);
    const shard = shardOf(record.connectionId, this.shards);
    await this.call(() =>
      Promise.all([
        this.documents.put({
          TableName: this.tableName,
          Item: {
            pk,
            sk: META_SK,
            topic: shardKey(ALL, shard),
            connectedAt: record.connectedAt,
            sourceIp: record.sourceIp,
            subject: record.subject,
            expiresAt: ttl,
          },
        }),
        this.documents.put({
          TableName: this.tableName,
          Item: { pk, sk: UNSUBSCRIBED_SK, topic: shardKey(UNSUBSCRIBED, shard), expiresAt: ttl },
        }),
      ]),
    );
  }

  async removeConnection(connectionId: string): Promise<number> {
    const pk = connectionPk(connectionId);
    let removed = 0;
    for await (const keys of this.pages<{ pk: string; sk: string }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    })) {
      for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
        await this.deleteBatch(keys.slice(i, i + BATCH_WRITE_LIMIT));
      }
      removed += keys.length;
    }
    return removed;
  }

  async getConnection(connectionId: string): Promise<ConnectionRecord | undefined> {
    const { Item } = await this.call(() =>
      this.documents.get({
        TableName: this.tableName,
        Key: { pk: connectionPk(connectionId), sk: META_SK },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      connectionId,
      connectedAt: Item.connectedAt as number,
      sourceIp: Item.sourceIp as string | undefined,
      subject: Item.subject as string | undefined,
    };
  }

  /**
   * Messages of one connection may run concurrently (as in API Gateway), and there are no
   * transactions in the local stores, so every subscription change is ordered by a counter `v`
   * on the connection's record: the record's update (which enforces the cap and proves the
   * connection exists) takes the next `v`, and the subscription item is written only by a change
   * newer than the one that wrote it last. At rest, record and items agree whatever the order.
   */
  async subscribe(connectionId: string, topic: string, connectedAt: number): Promise<void> {
    if (this.maxSubscriptions === undefined)
      throw new Error('DynamoDbConnectionStore needs maxSubscriptions to subscribe');
    const max = this.maxSubscriptions;
    const pk = connectionPk(connectionId);
    let change: TopicChange;
    try {
      change = await this.changeTopics(pk, 'ADD', topic, {
        condition:
          'attribute_exists(pk) AND (attribute_not_exists(topics) OR size(topics) < :max OR contains(topics, :topic))',
        values: { ':max': max, ':topic': topic },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw new StoreUnavailableError(error);
      throw (await this.exists(connectionId))
        ? new TooManySubscriptionsError(max)
        : new ConnectionNotFoundError(connectionId);
    }
    const key = { pk, sk: subscriptionSk(topic) };
    await this.ifNewer(() =>
      this.documents.put({
        TableName: this.tableName,
        Item: { ...key, topic, v: change.version, expiresAt: expiresAt(connectedAt) },
        ...newerThanItem(change.version),
      }),
    );
    if (change.first) await this.leaveNeverSubscribed(pk, connectedAt);
    // An unsubscribe (or $disconnect) may have come between the record's update and the item's
    // write: the item then must not stay.
    const { Item } = await this.call(() =>
      this.documents.get({ TableName: this.tableName, Key: { pk, sk: META_SK }, ConsistentRead: true }),
    );
    if (!(Item?.topics as Set<string> | undefined)?.has(topic)) {
      await this.ifNewer(() =>
        this.documents.delete({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': change.version },
        }),
      );
    }
  }

  /**
   * The first subscribe: the client stops receiving everything. The `#moved` item is written before
   * the `#unsubscribed` one goes, so that at every moment a broadcast finds the client under one of
   * them (MoverWindow says which broadcasts still owe it their message).
   */
  private async leaveNeverSubscribed(pk: string, connectedAt: number): Promise<void> {
    const stamp = (stage: 's' | 'd') => {
      const at = Date.now();
      const Item = {
        pk,
        sk: movedSk(stage, at),
        topic: movedKey(Math.floor(at / 1000)),
        expiresAt: expiresAt(connectedAt),
      };
      return this.call(() => this.documents.put({ TableName: this.tableName, Item }));
    };
    await stamp('s');
    await this.call(() => this.documents.delete({ TableName: this.tableName, Key: { pk, sk: UNSUBSCRIBED_SK } }));
    // The move is now known to have ended: a broadcast that started after this never counts the client.
    await stamp('d');
  }

  async unsubscribe(connectionId: string, topic: string): Promise<void> {
    const pk = connectionPk(connectionId);
    let version: number;
    try {
      ({ version } = await this.changeTopics(pk, 'DELETE', topic, { condition: 'attribute_exists(pk)', values: {} }));
    } catch (error) {
      throw isConditionFailure(error) ? new ConnectionNotFoundError(connectionId) : new StoreUnavailableError(error);
    }
    await this.ifNewer(() =>
      this.documents.delete({
        TableName: this.tableName,
        Key: { pk, sk: subscriptionSk(topic) },
        ...newerThanItem(version),
      }),
    );
  }

  /**
   * ADDs or DELETEs a topic on the connection's record and takes the next change number; the first
   * ADD ever also stamps `movedAt` (returned only to the change that set it).
   */
  private async changeTopics(
    pk: string,
    action: 'ADD' | 'DELETE',
    topic: string,
    guard: { condition: string; values: Record<string, unknown> },
  ): Promise<TopicChange> {
    const now = Date.now();
    const { Attributes } = await this.documents.update({
      TableName: this.tableName,
      Key: { pk, sk: META_SK },
      UpdateExpression:
        action === 'ADD'
          ? 'ADD topics :topicSet, v :one SET movedAt = if_not_exists(movedAt, :now)'
          : 'DELETE topics :topicSet ADD v :one',
      ConditionExpression: guard.condition,
      ExpressionAttributeValues: {
        ':topicSet': new Set([topic]),
        ':one': 1,
        ...(action === 'ADD' ? { ':now': now } : {}),
        ...guard.values,
      },
      ReturnValues: 'UPDATED_OLD',
    });
    const first = action === 'ADD' && Attributes?.movedAt === undefined;
    return { version: Number(Attributes?.v ?? 0) + 1, first };
  }

  /** A conditional write whose condition failing means a newer change got there first: nothing to do. */
  private async ifNewer(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isConditionFailure(error)) throw new StoreUnavailableError(error);
    }
  }

  /**
   * Removes a connection a send found gone (410), unless it connected after `connectedBefore`: a
   * client still completing its handshake also answers 410, and must not lose its record.
   * Answers whether it removed anything.
   */
  async removeStaleConnection(connectionId: string, connectedBefore: number): Promise<boolean> {
    try {
      await this.documents.delete({
        TableName: this.tableName,
        Key: { pk: connectionPk(connectionId), sk: META_SK },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(connectedAt) OR connectedAt < :cutoff',
        ExpressionAttributeValues: { ':cutoff': connectedBefore },
      });
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new StoreUnavailableError(error);
    }
    await this.removeConnection(connectionId);
    return true;
  }

  /** Everything `topic` reaches (or everyone) for a broadcast that starts at `since`, as a plan to read with `recipients`. */
  plan(topic?: string, since = Date.now()): RecipientPlan {
    return recipientPlan(topic, this.shards, since);
  }

  /**
   * Whether a plan reaches at least `count` recipients, judged cheaply: unsharded keys are counted
   * up to `count`, the sharded ones estimated from their first shard (ids spread evenly over shards).
   * A key whose first page `recipients` already asked for is counted from that page when the page
   * settles it (the key has no more, or the page holds enough): the same figure without a round trip.
   */
  async reachesAtLeast(plan: RecipientPlan, count: number): Promise<boolean> {
    const snapshot = await this.snapshots.get(plan);
    if (snapshot)
      return plan.filter(isIndexedKey).reduce((n, entry) => n + snapshotIds(snapshot, entry).length, 0) >= count;
    const sharded = plan.filter((entry) => /#\d+$/.test(entry.key) && entry.key.startsWith('$'));
    // Movers are few and not countable ahead: the topic and the shards decide.
    const unsharded = plan.filter((entry) => !sharded.includes(entry) && entry.key !== MOVED && entry.key !== EXPLICIT);
    const sample = sharded[0];
    const perShard = Math.ceil(count / Math.max(1, sharded.length));
    const counts = await Promise.all([
      ...unsharded.map((entry) => this.countUpTo(entry, count, plan)),
      sample ? this.countUpTo(sample, perShard, plan).then((n) => n * sharded.length) : 0,
    ]);
    return counts.reduce((sum, n) => sum + n, 0) >= count;
  }

  /**
   * The recipients of a plan, a page at a time, key after key; an id may appear under two keys.
   * A small index is read whole by one Scan (see readIndexSnapshot), the movers after it as always;
   * a larger one by Queries.
   */
  recipients(plan: RecipientPlan): AsyncIterable<RecipientPage> {
    const snapshot = this.snapshot(plan);
    if (snapshot === undefined) return this.queriedRecipients(plan);
    const pagesOf = (entry: PlanEntry, index: IndexSnapshot) => this.snapshotPages(entry, index);
    const queried = () => this.queriedRecipients(plan);
    return (async function* () {
      const index = await snapshot;
      if (index === undefined) return yield* queried();
      for (const entry of plan) yield* pagesOf(entry, index);
    })();
  }

  /** A Scan of the whole index for `plan`, unless one found the index too large lately. */
  private snapshot(plan: RecipientPlan): Promise<IndexSnapshot | undefined> | undefined {
    if (this.snapshotItems <= 0 || Date.now() < this.indexLargeUntil) return undefined;
    const snapshot = readIndexSnapshot(this.documents, this.tableName, plan, this.snapshotItems)
      // A failed Scan costs the broadcast nothing but its round trip: the Queries answer instead. It is
      // logged, as a Scan that always fails (a policy or SCP denying dynamodb:Scan) would otherwise go unseen.
      .catch((error: unknown) => {
        logger.warn('the index Scan failed: recipients are read by Queries, and the Scan is skipped for a while', {
          error: error as Error,
        });
        return undefined;
      })
      .then((index) => {
        if (index === undefined) this.indexLargeUntil = Date.now() + LARGE_INDEX_RECHECK_MS;
        return index;
      });
    this.snapshots.set(plan, snapshot);
    return snapshot;
  }

  /** An entry's pages from a snapshot, sized as its Queries' pages would be; the movers and named ids as always. */
  private async *snapshotPages(entry: PlanEntry, snapshot: IndexSnapshot): AsyncIterable<RecipientPage> {
    if (!isIndexedKey(entry)) return yield* this.recipientPages(entry);
    const ids = snapshotIds(snapshot, entry);
    for (let page = 0, at = 0; page === 0 || at < ids.length; page++) {
      const size = this.recipientLimit(page);
      yield { key: entry.key, ids: ids.slice(at, at + size) };
      at += size;
    }
  }

  /**
   * A plan's recipients read by Queries, key after key.
   * The first page of the next PREFETCHED_KEYS indexed keys is asked for at once, as soon as this is
   * called (before anything is pulled): a small broadcast's keys are mostly empty, and reading them
   * one after another put a round trip per key before the sends. Pages still come out in plan order,
   * and the movers entry is read only once every key before it has been read to its end.
   */
  private queriedRecipients(plan: RecipientPlan): AsyncIterable<RecipientPage> {
    const firstPages = new Map<number, Promise<QueryPage>>();
    this.firstPages.set(plan, new Map());
    const prefetch = (from: number) => {
      for (let i = from; i < Math.min(plan.length, from + PREFETCHED_KEYS); i++) {
        const entry = plan[i]!;
        if (firstPages.has(i) || entry.key === MOVED || entry.key === EXPLICIT) continue;
        const page = this.queryPage(recipientQuery(entry.key), startKeyOf(entry), this.recipientLimit(0));
        page.catch(() => undefined); // rethrown when its key is reached; unread if the caller stops early
        firstPages.set(i, page);
        this.firstPages.get(plan)!.set(i, page);
      }
    };
    prefetch(0);
    const pagesOf = (entry: PlanEntry, first?: Promise<QueryPage>) => this.recipientPages(entry, first);
    return (async function* () {
      for (let i = 0; i < plan.length; i++) {
        prefetch(i);
        const first = firstPages.get(i);
        firstPages.delete(i);
        yield* pagesOf(plan[i]!, first);
      }
    })();
  }

  private async *recipientPages(entry: PlanEntry, first?: Promise<QueryPage>): AsyncIterable<RecipientPage> {
    const { key, filter, ids, movers } = entry;
    const keep = filter && new Set(filter.keep);
    if (key === EXPLICIT) {
      yield { key, ids: (ids ?? []).filter((id) => !keep || keep.has(shardOf(id, filter.count))) };
      return;
    }
    if (key === MOVED) {
      for await (const page of this.movers(movers!.since, Infinity, filter)) {
        const due = page.filter((mover) => moverIsDue(mover, movers!, this.shards));
        yield { key, ids: due.map((mover) => mover.connectionId) };
      }
      return;
    }
    for await (const items of this.pages<{ pk: string }>(
      recipientQuery(key),
      startKeyOf(entry),
      (page) => this.recipientLimit(page),
      first,
    )) {
      const ids = items.map((item) => connectionIdOf(item.pk));
      yield { key, ids: keep ? ids.filter((id) => keep.has(shardOf(id, filter.count))) : ids };
    }
  }

  private recipientLimit(page: number): number {
    return Math.min(this.pageSize ?? LARGEST_RECIPIENT_PAGE, FIRST_RECIPIENT_PAGE * RECIPIENT_PAGE_GROWTH ** page);
  }

  /**
   * Clients whose first subscribe moved them during a broadcast that started at `since` (see
   * movedDuring), with a move begun by `until` (epoch ms; an open `until` reads up to the second the
   * reading reaches). Both stamps of a move are needed to judge it, so the window is read whole.
   */
  async *movers(since: number, until: number, filter?: PlanEntry['filter']): AsyncIterable<Mover[]> {
    const keep = filter && new Set(filter.keep);
    const moves = new Map<string, Mover>();
    const last = () => Math.floor(Math.min(until, Date.now()) / 1000);
    for (let second = Math.floor((since - MOVE_SLACK_MS) / 1000); second <= last(); second++) {
      for await (const items of this.pages<{ pk: string; sk: string }>({
        IndexName: BY_TOPIC_INDEX,
        KeyConditionExpression: 'topic = :topic',
        ExpressionAttributeValues: { ':topic': movedKey(second) },
      })) {
        for (const item of items) {
          const connectionId = connectionIdOf(item.pk);
          if (keep && !keep.has(shardOf(connectionId, filter.count))) continue;
          const { stage, at } = movedStampOf(item.sk);
          const move = moves.get(connectionId) ?? { connectionId, movedAt: at };
          if (stage === 's') move.movedAt = at;
          else move.confirmedAt = at;
          moves.set(connectionId, move);
        }
      }
    }
    yield [...moves.values()].filter((move) => move.movedAt <= until && movedDuring(move, since));
  }

  private async countUpTo(entry: PlanEntry, limit: number, plan: RecipientPlan): Promise<number> {
    const first = entry.after === undefined ? this.firstPages.get(plan)?.get(plan.indexOf(entry)) : undefined;
    if (first) {
      const { Items = [], LastEvaluatedKey } = await first;
      if (LastEvaluatedKey === undefined || Items.length >= limit) return Math.min(Items.length, limit);
    }
    const key = entry.key;
    const { Count } = await this.call(() =>
      this.documents.query({
        TableName: this.tableName,
        IndexName: BY_TOPIC_INDEX,
        KeyConditionExpression: 'topic = :topic',
        ExpressionAttributeValues: { ':topic': key },
        Select: 'COUNT',
        Limit: limit,
      }),
    );
    return Count ?? 0;
  }

  private async exists(connectionId: string): Promise<boolean> {
    return (await this.getConnection(connectionId)) !== undefined;
  }

  private async *pages<T>(
    query: TopicQuery,
    from?: Record<string, unknown>,
    limitOf: (page: number) => number | undefined = () => this.pageSize,
    first?: Promise<QueryPage>,
  ): AsyncIterable<T[]> {
    let startKey: Record<string, unknown> | undefined = from;
    let index = 0;
    do {
      const Limit = limitOf(index);
      const page = await (index === 0 && first ? first : this.queryPage(query, startKey, Limit));
      index++;
      startKey = page.LastEvaluatedKey;
      yield (page.Items ?? []) as T[];
    } while (startKey);
  }

  private queryPage(query: TopicQuery, startKey: Record<string, unknown> | undefined, Limit: number | undefined) {
    return this.call(() =>
      this.documents.query({ ...query, TableName: this.tableName, Limit, ExclusiveStartKey: startKey }),
    );
  }

  private async deleteBatch(keys: { pk: string; sk: string }[]): Promise<void> {
    let requests = keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) {
        throw new StoreUnavailableError(new Error(`${requests.length} deletes stayed unprocessed`));
      }
      if (attempt > 0) await pause(Math.random() * Math.min(1000, 25 * 2 ** attempt));
      const result = await this.call(() => this.documents.batchWrite({ RequestItems: { [this.tableName]: requests } }));
      requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    }
  }
}

interface TopicChange {
  /** The change number the record's update took. */
  version: number;
  /** True for the connection's first subscribe ever: it stops being "never subscribed". */
  first: boolean;
}

/** Lets a write through only if the item is absent or was written by an older change than `version`. */
const newerThanItem = (version: number) => ({
  ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(v) OR v < :v',
  ExpressionAttributeValues: { ':v': version },
});

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
