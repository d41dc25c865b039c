import { type DeliveryReport, REPORT_COUNTERS, type RecipientPlan, StoreUnavailableError, emptyReport } from '../core';
import type { Documents } from './documents';

/**
 * A broadcast's record: how it was asked for (so that a repeat of the request can be answered and
 * any invocation can resume it) and one item per part with that part's progress. Parts are owned
 * by one invocation at a time (`owner`, a token the invoker chose); the owner claims recipients
 * before it sends to them, so a part whose invocation dies is resumed after its last claim and
 * never sends to a recipient twice (DESIGN §11).
 */
export interface BroadcastHeader {
  broadcastId: string;
  type: string;
  topic: string | null;
  /** Epoch ms the broadcast started: the recipients are those of that moment. */
  since: number;
  /** How many parts; each part's first plan is `splitPlan(plan(topic, since), shards, parts)[i]`. */
  parts: number;
  shards: number;
  /** The message as sent to every recipient. */
  payload: Uint8Array;
  /** Epoch ms after which a part never started is taken as lost with the invocation that should have started it. */
  startBy: number;
  /** A hash of the request, when it came with an Idempotency-Key. */
  requestHash?: string;
  /** The answer given to the first request, once given. */
  response?: { statusCode: number; body: string };
  startedAt: string;
}

export interface PartState {
  part: number;
  owner: string;
  /** Epoch ms after which the owner is taken as dead. */
  leaseUntil: number;
  /** What is left to read after the last claim. */
  plan: RecipientPlan;
  /** Cumulative over every invocation of the part; `recipients` counts claimed ones. */
  report: DeliveryReport;
  resumes: number;
  done: boolean;
  updatedAt?: string;
}

export interface BroadcastRecord extends Omit<DeliveryReport, 'complete'> {
  broadcastId: string;
  complete: boolean;
  /** Parts still running. */
  pending: number;
  type: string;
  topic: string | null;
  startedAt: string;
  updatedAt: string;
}

/** Records live a day: long enough for a retry window and for a backend to read the final report. */
export const RECORD_TTL_SECONDS = 24 * 60 * 60;

const pk = (broadcastId: string) => `broadcast#${broadcastId}`;
const HEADER_SK = '#report';
const partSk = (part: number) => `part#${String(part).padStart(4, '0')}`;

export class OwnershipLostError extends Error {
  constructor(broadcastId: string, part: number) {
    super(`Part ${part} of broadcast ${broadcastId} is owned by another invocation now`);
    this.name = 'OwnershipLostError';
  }
}

/** Reports and progress of broadcasts, in the connections table (no `topic` attribute: never in the index). */
export class BroadcastRecords {
  constructor(
    private readonly documents: Documents,
    private readonly tableName: string,
  ) {}

  /** Writes the header unless one exists; answers the existing one when it does (the key was used before). */
  async create(header: Omit<BroadcastHeader, 'startedAt'>): Promise<BroadcastHeader | undefined> {
    const now = new Date();
    const { broadcastId, topic, ...rest } = header;
    try {
      await this.call(() =>
        this.documents.put({
          TableName: this.tableName,
          Item: {
            pk: pk(broadcastId),
            sk: HEADER_SK,
            ...rest,
            messageTopic: topic,
            startedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + RECORD_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.header(broadcastId))!;
    }
  }

  async header(broadcastId: string): Promise<BroadcastHeader | undefined> {
    const { Item } = await this.call(() =>
      this.documents.get({
        TableName: this.tableName,
        Key: { pk: pk(broadcastId), sk: HEADER_SK },
        ConsistentRead: true,
      }),
    );
    return Item ? toHeader(broadcastId, Item) : undefined;
  }

  async saveResponse(broadcastId: string, response: { statusCode: number; body: string }): Promise<void> {
    await this.call(() =>
      this.documents.update({
        TableName: this.tableName,
        Key: { pk: pk(broadcastId), sk: HEADER_SK },
        UpdateExpression: 'SET #response = :response',
        ExpressionAttributeNames: { '#response': 'response' },
        ExpressionAttributeValues: { ':response': response },
      }),
    );
  }

  /** The header and every part, as they are now. */
  async read(broadcastId: string): Promise<{ header: BroadcastHeader; parts: PartState[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call(() =>
        this.documents.query({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk(broadcastId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const headerItem = items.find((item) => item.sk === HEADER_SK);
    if (!headerItem) return undefined;
    return {
      header: toHeader(broadcastId, headerItem),
      parts: items.filter((item) => item.sk !== HEADER_SK).map(toPart),
    };
  }

  /** The report the status endpoint answers: the parts' reports added up. */
  async get(broadcastId: string): Promise<BroadcastRecord | undefined> {
    const record = await this.read(broadcastId);
    if (!record) return undefined;
    return summarize(record.header, record.parts);
  }

  /** A part's first owner writes it; false when it exists already (another invocation started it). */
  async startPart(broadcastId: string, state: PartState): Promise<boolean> {
    try {
      await this.call(() =>
        this.documents.put({
          TableName: this.tableName,
          Item: partItem(broadcastId, state),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * The owner's progress: what is left after its claim, its figures, a longer lease, and possibly a
   * new owner (a hand-off). Throws OwnershipLostError when the part was taken over meanwhile.
   */
  async advance(
    broadcastId: string,
    owner: string,
    state: Pick<PartState, 'part' | 'plan' | 'report' | 'leaseUntil' | 'done'> & { nextOwner?: string },
  ): Promise<void> {
    try {
      await this.call(() =>
        this.documents.update({
          TableName: this.tableName,
          Key: { pk: pk(broadcastId), sk: partSk(state.part) },
          UpdateExpression:
            'SET #plan = :plan, #report = :report, leaseUntil = :lease, done = :done, #owner = :next, updatedAt = :now',
          ConditionExpression: '#owner = :owner AND done = :false',
          ExpressionAttributeNames: { '#plan': 'plan', '#report': 'report', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':plan': JSON.stringify(state.plan),
            ':report': counters(state.report),
            ':lease': state.leaseUntil,
            ':done': state.done,
            ':next': state.nextOwner ?? owner,
            ':owner': owner,
            ':false': false,
            ':now': new Date().toISOString(),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new OwnershipLostError(broadcastId, state.part);
      throw error;
    }
  }

  /** A handed-on part's next invocation takes it: answers its state, or undefined when another owns it now. */
  async acquire(broadcastId: string, part: number, owner: string, leaseUntil: number): Promise<PartState | undefined> {
    try {
      const { Attributes } = await this.call(() =>
        this.documents.update({
          TableName: this.tableName,
          Key: { pk: pk(broadcastId), sk: partSk(part) },
          UpdateExpression: 'SET leaseUntil = :lease',
          ConditionExpression: '#owner = :owner AND done = :false',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':lease': leaseUntil, ':false': false },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPart(Attributes!);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async part(broadcastId: string, part: number): Promise<PartState | undefined> {
    const { Item } = await this.call(() =>
      this.documents.get({
        TableName: this.tableName,
        Key: { pk: pk(broadcastId), sk: partSk(part) },
        ConsistentRead: true,
      }),
    );
    return Item ? toPart(Item) : undefined;
  }

  /**
   * Takes a part over from an owner that died (`from`), or from any owner whose lease has run out
   * (`from` undefined): recipients it had claimed but not settled become `unconfirmed`. Answers the
   * state to resume from, or undefined when the part is done or someone else took it first.
   */
  async takeOver(
    broadcastId: string,
    part: number,
    from: string | undefined,
    owner: string,
    leaseUntil: number,
  ): Promise<PartState | undefined> {
    const current = await this.part(broadcastId, part);
    if (!current || current.done) return undefined;
    if (from !== undefined ? current.owner !== from : current.leaseUntil >= Date.now()) return undefined;
    const report = { ...current.report };
    const settled = SETTLED.reduce((sum, field) => sum + report[field], 0);
    report.unconfirmed += Math.max(0, report.recipients - settled);
    try {
      await this.call(() =>
        this.documents.update({
          TableName: this.tableName,
          Key: { pk: pk(broadcastId), sk: partSk(part) },
          UpdateExpression: 'SET #owner = :owner, leaseUntil = :lease, #report = :report, resumes = resumes + :one',
          ConditionExpression: '#owner = :from AND done = :false',
          ExpressionAttributeNames: { '#owner': 'owner', '#report': 'report' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':lease': leaseUntil,
            ':report': counters(report),
            ':one': 1,
            ':from': current.owner,
            ':false': false,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    return { ...current, owner, leaseUntil, report, resumes: current.resumes + 1 };
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isConditionFailure(error)) throw error;
      throw new StoreUnavailableError(error);
    }
  }
}

/** Outcomes that end a recipient's part in a broadcast; the rest of what was claimed is unknown. */
const SETTLED = ['delivered', 'stale', 'connecting', 'failed', 'skipped', 'unconfirmed', 'unreached'] as const;

export function summarize(header: BroadcastHeader, parts: PartState[]): BroadcastRecord {
  const total = emptyReport();
  for (const part of parts) for (const field of REPORT_COUNTERS) total[field] += part.report[field];
  const done = parts.filter((part) => part.done).length;
  return {
    broadcastId: header.broadcastId,
    ...total,
    complete: done >= header.parts,
    pending: Math.max(0, header.parts - done),
    type: header.type,
    topic: header.topic,
    startedAt: header.startedAt,
    updatedAt: parts.reduce(
      (latest, part) => ((part.updatedAt ?? '') > latest ? part.updatedAt! : latest),
      header.startedAt,
    ),
  };
}

const counters = (report: DeliveryReport) => Object.fromEntries(REPORT_COUNTERS.map((field) => [field, report[field]]));

function partItem(broadcastId: string, state: PartState): Record<string, unknown> {
  return {
    pk: pk(broadcastId),
    sk: partSk(state.part),
    part: state.part,
    owner: state.owner,
    leaseUntil: state.leaseUntil,
    plan: JSON.stringify(state.plan),
    report: counters(state.report),
    resumes: state.resumes,
    done: state.done,
    updatedAt: new Date().toISOString(),
    expiresAt: Math.floor(Date.now() / 1000) + RECORD_TTL_SECONDS,
  };
}

function toPart(item: Record<string, unknown>): PartState {
  const stored = (item.report ?? {}) as Record<string, number>;
  const report = emptyReport();
  for (const field of REPORT_COUNTERS) report[field] = Number(stored[field] ?? 0);
  return {
    part: Number(item.part),
    owner: String(item.owner),
    leaseUntil: Number(item.leaseUntil),
    plan: JSON.parse(String(item.plan ?? '[]')) as RecipientPlan,
    report,
    resumes: Number(item.resumes ?? 0),
    done: item.done === true,
    updatedAt: String(item.updatedAt ?? ''),
  };
}

function toHeader(broadcastId: string, item: Record<string, unknown>): BroadcastHeader {
  return {
    broadcastId,
    type: String(item.type),
    topic: (item.messageTopic as string | null | undefined) ?? null,
    since: Number(item.since),
    parts: Number(item.parts),
    shards: Number(item.shards),
    payload: item.payload as Uint8Array,
    startBy: Number(item.startBy),
    requestHash: item.requestHash as string | undefined,
    response: item.response as BroadcastHeader['response'],
    startedAt: String(item.startedAt),
  };
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
