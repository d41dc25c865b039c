import { ConnectionNotFoundError, StoreUnavailableError, TooManySubscriptionsError } from '@comments-websocket/shared';
import { shardOf, splitPlan } from '@comments-websocket/shared';
import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { readPages, serviceError } from '../support/pages';
import { sdkDocuments } from '../support/sdk-documents';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbConnectionStore({
  documents: sdkDocuments(documentClient),
  tableName: 'Connections',
  maxSubscriptions: 2,
});
const sharded = new DynamoDbConnectionStore({
  documents: sdkDocuments(documentClient),
  tableName: 'Connections',
  shards: 4,
});

const collect = async (pages: AsyncIterable<{ key: string; ids: string[] }>) =>
  (await readPages(pages)).map(([, ids]) => ids);

afterEach(() => {
  dynamo.reset();
  jest.restoreAllMocks();
});

describe('DynamoDbConnectionStore', () => {
  it('records a connection with a TTL in epoch seconds just past the 2-hour connection limit', async () => {
    dynamo.on(PutCommand).resolves({});
    await store.addConnection({ connectionId: 'c1', connectedAt: 1_700_000_000_123, sourceIp: '203.0.113.1' });
    const items = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pk: 'conn#c1', sk: '#meta', topic: '$all#0', expiresAt: 1_700_000_000 + 7800 }),
        expect.objectContaining({
          pk: 'conn#c1',
          sk: '#unsubscribed',
          topic: '$unsubscribed#0',
          expiresAt: 1_700_007_800,
        }),
      ]),
    );
  });

  it("lists a topic's recipients page by page, then the clients that never subscribed, then those who moved since", async () => {
    // Prepare: the broadcast starts half-way into a second. Due: a mover of that second, and one
    // whose move began within the slack and has no end stamp yet. Not due: one that began before the
    // slack, and one whose move ended (its `d` stamp) before the broadcast started.
    const since = 1_700_000_000_500;
    jest.spyOn(Date, 'now').mockReturnValue(since + 200);
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': 'post:1' } })
      .resolvesOnce({ Items: [{ pk: 'conn#a' }], LastEvaluatedKey: { topic: 'post:1', pk: 'conn#a' } })
      .resolvesOnce({ Items: [{ pk: 'conn#b' }] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$unsubscribed#0' } })
      .resolves({ Items: [{ pk: 'conn#u' }] });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$moved#1699999999' } }).resolves({
      Items: [
        { pk: 'conn#early', sk: `#moved#s${since - 1400}` },
        { pk: 'conn#before', sk: `#moved#s${since - 300}` },
        { pk: 'conn#before', sk: `#moved#d${since - 290}` },
      ],
    });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$moved#1700000000' } }).resolves({
      Items: [
        { pk: 'conn#m', sk: `#moved#s${since + 100}` },
        { pk: 'conn#inSlack', sk: `#moved#s${since - 600}` },
      ],
    });

    // Act
    const pages = await collect(store.recipients(store.plan('post:1', since)));

    // Assess
    expect(pages.slice(0, 3)).toEqual([['a'], ['b'], ['u']]);
    expect(pages.slice(3).flat().sort()).toEqual(['inSlack', 'm']);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.every((query) => query.IndexName === 'ByTopic')).toBe(true);
    // The first page of every indexed key is asked for at once; the movers only after the rest.
    expect(queries[2]?.ExclusiveStartKey).toEqual({ topic: 'post:1', pk: 'conn#a' });
    expect(queries.map((query) => query.ExpressionAttributeValues?.[':topic'])).toEqual([
      'post:1',
      '$unsubscribed#0',
      'post:1',
      '$moved#1699999999',
      '$moved#1700000000',
    ]);
  });

  it('asks for the first page of every indexed key at once, yields in plan order, and reads the movers only after every shard', async () => {
    // Prepare: every query waits until released, so what was asked for before any answer shows.
    const since = 1_700_000_000_500;
    jest.spyOn(Date, 'now').mockReturnValue(since + 200);
    const releases: (() => void)[] = [];
    dynamo.on(QueryCommand).callsFake(
      (input: { ExpressionAttributeValues: Record<string, string> }) =>
        new Promise((resolve) => {
          const topic = input.ExpressionAttributeValues[':topic']!;
          releases.push(() => resolve({ Items: topic.startsWith('$moved') ? [] : [{ pk: `conn#in-${topic}` }] }));
        }),
    );
    const asked = () =>
      dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':topic']);

    // Act: nothing pulled yet
    const pages = sharded.recipients(sharded.plan('post:1', since));
    await new Promise((resolve) => setImmediate(resolve));

    // Assess: the topic and the four shards at once, no movers
    expect(asked()).toEqual(['post:1', '$unsubscribed#0', '$unsubscribed#1', '$unsubscribed#2', '$unsubscribed#3']);
    // Answers in reverse order still come out in plan order, and the movers are asked for last.
    for (const release of releases.splice(0).reverse()) release();
    const iterator = pages[Symbol.asyncIterator]();
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) keys.push((await iterator.next()).value.ids[0]);
    expect(keys).toEqual([
      'in-post:1',
      'in-$unsubscribed#0',
      'in-$unsubscribed#1',
      'in-$unsubscribed#2',
      'in-$unsubscribed#3',
    ]);
    expect(asked().some((topic) => topic?.startsWith('$moved'))).toBe(false);
    const rest = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked().slice(5)).toEqual(['$moved#1699999999']);
    for (;;) {
      releases.splice(0).forEach((release) => release());
      const step = await Promise.race([rest, new Promise((resolve) => setImmediate(() => resolve('waiting')))]);
      if (step !== 'waiting') break;
    }
  });

  it('judges the split from first pages already asked for when they settle it, and counts only the keys they do not', async () => {
    // Prepare: the topic's first page is complete (2 items); shard 0's is cut short below what is needed.
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': 'post:1' } })
      .resolves({ Items: [{ pk: 'conn#a' }, { pk: 'conn#b' }] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$unsubscribed#0' }, Select: 'COUNT' })
      .resolves({ Count: 3 });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$unsubscribed#0' }, Limit: 100 })
      .resolves({ Items: [{ pk: 'conn#u' }], LastEvaluatedKey: { topic: '$unsubscribed#0', pk: 'conn#u' } });
    const plan = sharded.plan('post:1');

    // Act
    sharded.recipients(plan);
    const reaches = await sharded.reachesAtLeast(plan, 14);

    // Assess: 2 (topic, from its page) + 3 counted in shard 0 × 4 shards = 14
    expect(reaches).toBe(true);
    const counts = dynamo.commandCalls(QueryCommand).filter((call) => call.args[0].input.Select === 'COUNT');
    expect(
      counts.map((call) => [call.args[0].input.ExpressionAttributeValues?.[':topic'], call.args[0].input.Limit]),
    ).toEqual([['$unsubscribed#0', 4]]);
  });

  it('counts with queries when no first page was asked for', async () => {
    dynamo.on(QueryCommand).resolves({ Count: 1 });
    expect(await sharded.reachesAtLeast(sharded.plan('post:1'), 6)).toBe(false);
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Select)).toEqual(['COUNT', 'COUNT']);
  });

  it('reads recipient pages small first, then larger, so the first sends need only a short read', async () => {
    const page = (n: number) => ({
      Items: [{ pk: `conn#${n}` }],
      LastEvaluatedKey: { topic: 'post:1', pk: `conn#${n}` },
    });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': 'post:1' } })
      .resolvesOnce(page(1))
      .resolvesOnce(page(2))
      .resolvesOnce(page(3))
      .resolvesOnce(page(4))
      .resolvesOnce({ Items: [] });
    await collect(store.recipients([{ key: 'post:1' }]));
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([
      100, 400, 1600, 1600, 1600,
    ]);
  });

  it('lists every connection for a broadcast without a topic, shard by shard, and no other key', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'conn#a' }, { pk: 'conn#b' }] });
    expect(await collect(sharded.recipients(sharded.plan()))).toHaveLength(4);
    const keys = dynamo
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':topic']);
    expect(keys).toEqual(['$all#0', '$all#1', '$all#2', '$all#3']);
  });

  it('spreads connections over the shards by connection id', async () => {
    dynamo.on(PutCommand).resolves({});
    const ids = Array.from({ length: 400 }, (_, i) => `Zx${i.toString(36)}AbCdEfG=`);
    await Promise.all(ids.map((connectionId) => sharded.addConnection({ connectionId, connectedAt: 0 })));
    const perShard = new Map<string, number>();
    for (const call of dynamo.commandCalls(PutCommand)) {
      const topic = String(call.args[0].input.Item?.topic);
      if (topic.startsWith('$all#')) perShard.set(topic, (perShard.get(topic) ?? 0) + 1);
    }
    expect([...perShard.keys()].sort()).toEqual(['$all#0', '$all#1', '$all#2', '$all#3']);
    expect(Math.max(...perShard.values())).toBeLessThan(2 * 100);
  });

  it('resumes a key after a given connection and keeps only the shards a part owns', async () => {
    dynamo.on(QueryCommand).resolves({ Items: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ pk: `conn#${id}` })) });
    const [part0, part1] = splitPlan([{ key: 'post:1', after: 'x' }], 4, 2);
    const ids0 = (await collect(sharded.recipients(part0!))).flat();
    const ids1 = (await collect(sharded.recipients(part1!))).flat();
    expect([...ids0, ...ids1].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(ids0.every((id) => shardOf(id, 4) % 2 === 0)).toBe(true);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual({
      topic: 'post:1',
      pk: 'conn#x',
      sk: 'topic#post:1',
    });
  });

  it('removes every item of a connection, in batches of 25, retrying unprocessed deletes', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ pk: 'conn#c1', sk: `topic#t${i}` }));
    dynamo.on(QueryCommand).resolves({ Items: items });
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { Connections: [{ DeleteRequest: { Key: items[0]! } }] } })
      .resolves({});

    const removed = await store.removeConnection('c1');

    expect(removed).toBe(30);
    const batches = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems!.Connections!.length);
    expect(batches).toEqual([25, 1, 5]);
  });

  it('subscribes by adding the topic to the connection, writing the subscription and leaving "everything" mode', async () => {
    // Prepare: the record had change number 6 and no movedAt (UPDATED_OLD): this is the first subscribe.
    jest.spyOn(Date, 'now').mockReturnValue(1_700_000_001_234);
    dynamo.on(UpdateCommand).resolves({ Attributes: { v: 6 } });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: { topics: new Set(['post:9']) } });

    // Act
    await store.subscribe('c1', 'post:9', 1_700_000_000_000);

    // Assess
    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update).toMatchObject({ ReturnValues: 'UPDATED_OLD' });
    expect(update.UpdateExpression).toContain('movedAt = if_not_exists(movedAt, :now)');
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'conn#c1', sk: 'topic#post:9', topic: 'post:9', v: 7 },
      ExpressionAttributeValues: { ':v': 7 },
    });
    expect(dynamo.commandCalls(PutCommand)[1]?.args[0].input.Item).toMatchObject({
      pk: 'conn#c1',
      sk: '#moved#s1700000001234',
      topic: '$moved#1700000001',
    });
    expect(dynamo.commandCalls(PutCommand)[2]?.args[0].input.Item).toMatchObject({
      pk: 'conn#c1',
      sk: '#moved#d1700000001234',
      topic: '$moved#1700000001',
    });
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: 'conn#c1', sk: '#unsubscribed' },
    ]);
  });

  it('stamps the move before the #unsubscribed item goes and after it is gone, so a broadcast finds the client and can judge the move', async () => {
    const order: string[] = [];
    dynamo.on(UpdateCommand).resolves({ Attributes: { v: 0 } });
    dynamo
      .on(PutCommand)
      .callsFake((input: { Item: { sk: string } }) => void order.push(`put ${input.Item.sk.replace(/\d+$/, '')}`));
    dynamo.on(DeleteCommand).callsFake((input: { Key: { sk: string } }) => void order.push(`delete ${input.Key.sk}`));
    dynamo.on(GetCommand).resolves({ Item: { topics: new Set(['news']) } });

    await store.subscribe('c1', 'news', 0);

    expect(order).toEqual(['put topic#news', 'put #moved#s', 'delete #unsubscribed', 'put #moved#d']);
  });

  it('writes no #moved item and deletes nothing on a later subscribe', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { v: 4, movedAt: 1_600_000_000_000 } });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: { topics: new Set(['post:9']) } });

    await store.subscribe('c1', 'post:9', 0);

    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.sk)).toEqual(['topic#post:9']);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('takes its subscription item back when an unsubscribe overtook it', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { v: 2 } });
    dynamo.on(GetCommand).resolves({ Item: { topics: new Set(['other']) } });
    await store.subscribe('c1', 'post:9', 0);
    const deletes = dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input);
    expect(deletes[1]).toMatchObject({
      Key: { pk: 'conn#c1', sk: 'topic#post:9' },
      ConditionExpression: 'v = :v',
      ExpressionAttributeValues: { ':v': 3 },
    });
  });

  it('refuses a subscription past the cap', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    dynamo.on(GetCommand).resolves({ Item: { pk: 'conn#c1', sk: '#meta', connectedAt: 1 } });
    await expect(store.subscribe('c1', 'post:3', 0)).rejects.toBeInstanceOf(TooManySubscriptionsError);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('refuses a subscription for a connection it does not know', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    dynamo.on(GetCommand).resolves({});
    await expect(store.subscribe('ghost', 'post:3', 0)).rejects.toBeInstanceOf(ConnectionNotFoundError);
  });

  it('reports a failing table as unavailable', async () => {
    dynamo.on(QueryCommand).rejects(serviceError('InternalServerError', 500));
    await expect(collect(store.recipients(store.plan('post:1')))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.removeConnection('c1')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
