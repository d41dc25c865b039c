import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../core';
import type { DeliveryReport } from '../core';
import { REPORT_COUNTERS } from '../core';

/** A broadcast that goes on after its answer: what its parts have delivered so far, and how many are still running. */
export interface BroadcastRecord extends Omit<DeliveryReport, 'complete'> {
  broadcastId: string;
  /** Parts (continuations) still running; the broadcast is complete when none is. */
  pending: number;
  complete: boolean;
  type: string;
  topic: string | null;
  startedAt: string;
  updatedAt: string;
}

/** Records live a day: long enough for a backend to read the final report, short enough to need no clean-up. */
const RECORD_TTL_SECONDS = 24 * 60 * 60;

const recordKey = (broadcastId: string) => ({ pk: `broadcast#${broadcastId}`, sk: '#report' });

/** Reports of broadcasts that continue asynchronously, in the connections table (no `topic`: never in the index). */
export class BroadcastRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(
    broadcastId: string,
    message: { type: string; topic?: string },
    report: DeliveryReport,
    pending: number,
  ): Promise<void> {
    const now = new Date();
    await this.call(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...recordKey(broadcastId),
          ...Object.fromEntries(REPORT_COUNTERS.map((field) => [field, report[field]])),
          pending,
          type: message.type,
          messageTopic: message.topic ?? null,
          startedAt: now.toISOString(),
          updatedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + RECORD_TTL_SECONDS,
        },
      }),
    );
  }

  /** Adds a part's report; `pendingChange` is -1 for a part that finished, 0 for one that handed its rest on. */
  async add(broadcastId: string, report: DeliveryReport, pendingChange: number): Promise<void> {
    const names = Object.fromEntries(REPORT_COUNTERS.map((field) => [`#${field}`, field]));
    const values = Object.fromEntries(REPORT_COUNTERS.map((field) => [`:${field}`, report[field]]));
    await this.call(
      new UpdateCommand({
        TableName: this.tableName,
        Key: recordKey(broadcastId),
        UpdateExpression: `ADD ${REPORT_COUNTERS.map((field) => `#${field} :${field}`).join(', ')}, pending :pending SET updatedAt = :now`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':pending': pendingChange, ':now': new Date().toISOString() },
      }),
    );
  }

  async get(broadcastId: string): Promise<BroadcastRecord | undefined> {
    const { Item } = await this.call(
      new GetCommand({ TableName: this.tableName, Key: recordKey(broadcastId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const counters = Object.fromEntries(REPORT_COUNTERS.map((field) => [field, Number(Item[field] ?? 0)])) as Record<
      (typeof REPORT_COUNTERS)[number],
      number
    >;
    const pending = Number(Item.pending ?? 0);
    return {
      broadcastId,
      ...counters,
      pending,
      complete: pending <= 0,
      type: String(Item.type),
      topic: (Item.messageTopic as string | null) ?? null,
      startedAt: String(Item.startedAt),
      updatedAt: String(Item.updatedAt),
    };
  }

  private async call(command: PutCommand | UpdateCommand | GetCommand): Promise<{ Item?: Record<string, unknown> }> {
    try {
      return (await this.client.send(command as GetCommand)) as { Item?: Record<string, unknown> };
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }
}
