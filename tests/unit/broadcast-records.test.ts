import { StoreUnavailableError, emptyReport } from '@comments-websocket/shared';
import {
  type BroadcastHeader,
  BroadcastRecords,
  OwnershipLostError,
  type PartState,
  summarize,
} from '@comments-websocket/shared/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { serviceError } from '../support/pages';
import { sdkDocuments } from '../support/sdk-documents';

const dynamo = mockClient(DynamoDBDocumentClient);
const records = new BroadcastRecords(sdkDocuments(DynamoDBDocumentClient.from(new DynamoDBClient({}))), 'Connections');

/** A part item as the table holds it: claimed 10 recipients, settled 7 of them (6 delivered, 1 failed). */
function storedPart(changes: Record<string, unknown> = {}) {
  return {
    pk: 'broadcast#b1',
    sk: 'part#0001',
    part: 1,
    owner: 'dead',
    leaseUntil: Date.now() + 60_000,
    plan: JSON.stringify([{ key: 'post:1', after: 'c9' }]),
    report: { ...emptyReport(), recipients: 10, sends: 7, delivered: 6, failed: 1 },
    resumes: 0,
    done: false,
    ...changes,
  };
}

afterEach(() => dynamo.reset());

describe('BroadcastRecords.takeOver', () => {
  it('takes a part over from the owner that died, turning claimed-but-unsettled recipients into unconfirmed', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedPart() });
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const state = await records.takeOver('b1', 1, 'dead', 'rescuer', 123);

    // Assess
    expect(state).toMatchObject({
      owner: 'rescuer',
      leaseUntil: 123,
      resumes: 1,
      plan: [{ key: 'post:1', after: 'c9' }],
    });
    expect(state!.report).toMatchObject({ recipients: 10, delivered: 6, failed: 1, unconfirmed: 3 });
    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.Key).toEqual({ pk: 'broadcast#b1', sk: 'part#0001' });
    expect(update.ConditionExpression).toBe('#owner = :from AND done = :false');
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':from': 'dead',
      ':owner': 'rescuer',
      ':report': expect.objectContaining({ unconfirmed: 3, delivered: 6 }),
    });
  });

  it('leaves a part alone that another owner holds than the one expected', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedPart({ owner: 'alive' }) });

    expect(await records.takeOver('b1', 1, 'dead', 'rescuer', 123)).toBeUndefined();
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('takes a part over from any owner only once its lease has run out', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: storedPart() })
      .resolves({ Item: storedPart({ leaseUntil: Date.now() - 1 }) });
    dynamo.on(UpdateCommand).resolves({});

    const live = await records.takeOver('b1', 1, undefined, 'watcher', 123);
    const lapsed = await records.takeOver('b1', 1, undefined, 'watcher', 123);

    expect(live).toBeUndefined();
    expect(lapsed).toMatchObject({ owner: 'watcher' });
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':from': 'dead',
    });
  });

  it('leaves a part that is done', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedPart({ done: true, leaseUntil: 0 }) });
    expect(await records.takeOver('b1', 1, undefined, 'watcher', 123)).toBeUndefined();
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers undefined when another invocation took the part over first', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedPart() });
    dynamo.on(UpdateCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    expect(await records.takeOver('b1', 1, 'dead', 'rescuer', 123)).toBeUndefined();
  });
});

describe('BroadcastRecords.advance', () => {
  const progress = { part: 1, plan: [], report: emptyReport(), leaseUntil: 5, done: false };

  it('writes the progress only while the caller owns the unfinished part, handing it to the next owner', async () => {
    dynamo.on(UpdateCommand).resolves({});

    await records.advance('b1', 'me', { ...progress, nextOwner: 'next' });

    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('#owner = :owner AND done = :false');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':owner': 'me', ':next': 'next', ':plan': '[]' });
  });

  it('throws OwnershipLostError when the part was taken over meanwhile', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    await expect(records.advance('b1', 'me', progress)).rejects.toBeInstanceOf(OwnershipLostError);
  });

  it('reports a failing table as unavailable, not as a lost part', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('InternalServerError', 500));
    await expect(records.advance('b1', 'me', progress)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('BroadcastRecords.startPart and create', () => {
  const state: PartState = {
    part: 0,
    owner: 'o',
    leaseUntil: 1,
    plan: [],
    report: emptyReport(),
    resumes: 0,
    done: false,
  };

  it('starts a part once: a second start finds it written', async () => {
    dynamo.on(PutCommand).resolvesOnce({}).rejects(serviceError('ConditionalCheckFailedException', 400));
    expect(await records.startPart('b1', state)).toBe(true);
    expect(await records.startPart('b1', state)).toBe(false);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers the existing header when the broadcast id was used before', async () => {
    dynamo.on(PutCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: 'broadcast#b1',
        sk: '#report',
        type: 't',
        messageTopic: 'post:1',
        since: 1,
        parts: 2,
        shards: 4,
        startBy: 9,
        requestHash: 'h',
        startedAt: 'x',
      },
    });
    const existing = await records.create({
      broadcastId: 'b1',
      type: 't',
      topic: 'post:1',
      since: 1,
      parts: 2,
      shards: 4,
      payload: new Uint8Array(),
      startBy: 9,
      requestHash: 'h',
    });
    expect(existing).toMatchObject({ broadcastId: 'b1', topic: 'post:1', parts: 2, requestHash: 'h' });
  });
});

describe('summarize', () => {
  const header: BroadcastHeader = {
    broadcastId: 'b1',
    type: 't',
    topic: null,
    since: 0,
    parts: 3,
    shards: 4,
    payload: new Uint8Array(),
    startBy: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
  };
  const part = (index: number, done: boolean, figures: Partial<ReturnType<typeof emptyReport>>): PartState => ({
    part: index,
    owner: 'o',
    leaseUntil: 0,
    plan: [],
    report: { ...emptyReport(), ...figures },
    resumes: 0,
    done,
    updatedAt: `2026-01-01T00:00:0${index}.000Z`,
  });

  it('adds the parts figures and is complete only when every part is done', () => {
    const parts = [
      part(0, true, { delivered: 3, recipients: 3 }),
      part(1, true, { delivered: 2, recipients: 4, unreached: 2, failedParts: 1 }),
    ];

    const running = summarize(header, parts);
    const finished = summarize(header, [...parts, part(2, true, { delivered: 1, recipients: 1 })]);

    expect(running).toMatchObject({
      delivered: 5,
      recipients: 7,
      unreached: 2,
      failedParts: 1,
      complete: false,
      pending: 1,
    });
    expect(finished).toMatchObject({
      delivered: 6,
      recipients: 8,
      complete: true,
      pending: 0,
      updatedAt: '2026-01-01T00:00:02.000Z',
    });
  });

  it('is not complete while a written part is still running', () => {
    const parts = [part(0, true, {}), part(1, false, {}), part(2, true, {})];
    expect(summarize(header, parts)).toMatchObject({ complete: false, pending: 1 });
  });
});
