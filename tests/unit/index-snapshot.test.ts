import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import { logger, shardOf, splitPlan } from '@comments-websocket/shared';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { readPages } from '../support/pages';
import { mockableDocuments } from '../support/sdk-documents';

const dynamo = mockClient(DynamoDBDocumentClient);
const newStore = () =>
  new DynamoDbConnectionStore({
    documents: mockableDocuments(),
    tableName: 'Connections',
    shards: 4,
    snapshotItems: 50,
  });

/** Index items as a Scan returns them: keys interleaved, a key's items in no particular order. */
const INDEX = [
  { topic: '$unsubscribed#2', pk: 'conn#u2' },
  { topic: 'post:1', pk: 'conn#s3' },
  { topic: '$unsubscribed#0', pk: 'conn#u0' },
  { topic: 'post:1', pk: 'conn#s1' },
  { topic: 'post:1', pk: 'conn#s2' },
];

afterEach(() => {
  dynamo.reset();
  jest.restoreAllMocks();
});

describe('a broadcast over a small index', () => {
  it('reads every key with one Scan, in plan and index order, and the movers only after it', async () => {
    const since = 1_700_000_000_500;
    jest.spyOn(Date, 'now').mockReturnValue(since + 200);
    let answerScan!: () => void;
    dynamo
      .on(ScanCommand)
      .callsFake(() => new Promise((resolve) => (answerScan = () => resolve({ Items: INDEX, Count: INDEX.length }))));
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const store = newStore();

    const reading = readPages(store.recipients(store.plan('post:1', since)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
    answerScan();

    expect(await reading).toEqual([
      ['post:1', ['s1', 's2', 's3']],
      ['$unsubscribed#0', ['u0']],
      ['$unsubscribed#1', []],
      ['$unsubscribed#2', ['u2']],
      ['$unsubscribed#3', []],
      ['$moved', []],
    ]);
    const [scan] = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(scan).toMatchObject({
      IndexName: 'ByTopic',
      Limit: 50,
      FilterExpression: 'topic = :t0 OR begins_with(topic, :f0)',
      ExpressionAttributeValues: { ':t0': 'post:1', ':f0': '$unsubscribed#' },
    });
    // Only the movers' seconds were queried, and only once the Scan had answered.
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues)).toEqual([
      { ':topic': '$moved#1699999999' },
      { ':topic': '$moved#1700000000' },
    ]);
  });

  it('resumes a key after a position and keeps only the shards a part owns', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    dynamo.on(ScanCommand).resolves({ Items: ids.map((id) => ({ topic: 'post:1', pk: `conn#${id}` })).reverse() });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const store = newStore();
    const [part] = splitPlan([{ key: 'post:1', after: 'c03' }], 4, 2);

    const [first] = await readPages(store.recipients(part!));

    expect(first![1]).toEqual(ids.slice(4).filter((id) => shardOf(id, 4) % 2 === 0));
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('judges the split from the Scan, without a count', async () => {
    dynamo.on(ScanCommand).resolves({ Items: INDEX });
    const store = newStore();
    const plan = store.plan('post:1');
    store.recipients(plan);

    expect(await store.reachesAtLeast(plan, 5)).toBe(true);
    expect(await store.reachesAtLeast(plan, 6)).toBe(false);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('a broadcast over an index too large for one Scan page', () => {
  it('reads by Queries, and the next broadcasts skip the Scan for a while', async () => {
    dynamo.on(ScanCommand).resolves({ Items: INDEX.slice(0, 2), LastEvaluatedKey: { topic: 'post:1', pk: 'conn#s3' } });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': 'post:1' } })
      .resolves({ Items: [{ pk: 'conn#q' }] });
    const store = newStore();

    const first = await readPages(store.recipients(store.plan()));
    const second = await readPages(store.recipients(store.plan('post:1')));

    expect(first.map(([key]) => key)).toEqual(['$all#0', '$all#1', '$all#2', '$all#3']);
    expect(second[0]).toEqual(['post:1', ['q']]);
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(ScanCommand)[0]!.args[0].input.FilterExpression).toBe('begins_with(topic, :f0)');
  });

  it('reads by Queries when the Scan fails, and says why in the log', async () => {
    const denied = Object.assign(new Error('not authorized to perform: dynamodb:Scan'), {
      name: 'AccessDeniedException',
    });
    dynamo.on(ScanCommand).rejects(denied);
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$all#1' } })
      .resolves({ Items: [{ pk: 'conn#x' }] });
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const store = newStore();

    expect(await readPages(store.recipients(store.plan()))).toContainEqual(['$all#1', ['x']]);
    // A Scan a policy denies fails on every instance, silently but for this line.
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('index Scan failed'),
      expect.objectContaining({ error: expect.objectContaining({ name: 'AccessDeniedException' }) }),
    );
  });
});
