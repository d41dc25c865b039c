import type { Mover, PlanEntry, RecipientPage, RecipientPlan } from './recipient-plan';

export type { Mover } from './recipient-plan';

/** What the handlers need from wherever connections are kept. */
export interface ConnectionRecord {
  connectionId: string;
  /** Epoch milliseconds, as API Gateway reports `connectedAt`. */
  connectedAt: number;
  sourceIp?: string;
  /** The verified subject of a token presented on $connect, when one was required. */
  subject?: string;
}

export interface ConnectionStore {
  addConnection(record: ConnectionRecord): Promise<void>;
  /** Removes the connection and every subscription it holds; returns how many items went. */
  removeConnection(connectionId: string): Promise<number>;
  /** The connection as $connect recorded it (with the verified subject, if any), or undefined. */
  getConnection(connectionId: string): Promise<ConnectionRecord | undefined>;
  subscribe(connectionId: string, topic: string, connectedAt: number): Promise<void>;
  unsubscribe(connectionId: string, topic: string): Promise<void>;
  /**
   * What a message for `topic` reaches (its subscribers and every connection that never
   * subscribed), or every connection when `topic` is undefined, as a plan of index keys, for a
   * broadcast that starts at `since` (epoch ms; now by default).
   */
  plan(topic?: string, since?: number): RecipientPlan;
  /** The connection ids of a plan, one page at a time; an id may appear twice and callers de-duplicate. */
  recipients(plan: RecipientPlan): AsyncIterable<RecipientPage>;
  /** Whether a plan reaches at least `count` recipients (an estimate may stand in for counting). */
  reachesAtLeast(plan: RecipientPlan, count: number): Promise<boolean>;
  /**
   * Removes a connection a send found gone, unless it connected after `connectedBefore` (a client
   * still completing its handshake also looks gone); answers whether it removed anything.
   */
  removeStaleConnection(connectionId: string, connectedBefore: number): Promise<boolean>;
  /** Clients whose first subscribe came between `since` and `until` (epoch ms), a page at a time. */
  movers(since: number, until: number, filter?: PlanEntry['filter']): AsyncIterable<Mover[]>;
  /** How many index shards connections are spread over. */
  readonly shards: number;
}
