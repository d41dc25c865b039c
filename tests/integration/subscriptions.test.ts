import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TooManySubscriptionsError } from '@comments-websocket/shared';
import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import fc from 'fast-check';
import { storeForTests } from '../support/local-stack';

const embedded = storeForTests();

const CAP = 3;
const TOPICS = ['t:a', 't:b', 't:c', 't:d', 't:e'];

/** What the table says of one connection: the record's topic set and the topics its items deliver. */
async function state(store: DynamoDbConnectionStore, connectionId: string) {
  const { Item } = await embedded.client.send(
    new GetCommand({
      TableName: embedded.tableName,
      Key: { pk: `conn#${connectionId}`, sk: '#meta' },
      ConsistentRead: true,
    }),
  );
  const { Items } = await embedded.client.send(
    new QueryCommand({
      TableName: embedded.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `conn#${connectionId}` },
      ConsistentRead: true,
    }),
  );
  const delivering = (Items ?? [])
    .filter((item) => String(item.sk).startsWith('topic#') && item.topic !== undefined)
    .map((item) => String(item.topic));
  return { recorded: [...((Item?.topics as Set<string> | undefined) ?? [])].sort(), delivering: delivering.sort() };
}

describe('subscriptions changed concurrently, against the embedded store', () => {
  it('keep the record and the items in agreement at rest, and never above the cap', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...TOPICS)), { minLength: 1, maxLength: 25 }),
        async (operations) => {
          const store = new DynamoDbConnectionStore({
            documents: embedded.documents,
            tableName: embedded.tableName,
            maxSubscriptions: CAP,
          });
          const connectionId = `prop-${run++}`;
          await store.addConnection({ connectionId, connectedAt: Date.now() });
          // All at once, as a client that does not wait for replies sends them.
          await Promise.allSettled(
            operations.map(([subscribe, topic]) =>
              subscribe ? store.subscribe(connectionId, topic, Date.now()) : store.unsubscribe(connectionId, topic),
            ),
          );
          const { recorded, delivering } = await state(store, connectionId);
          expect(delivering).toEqual(recorded);
          expect(recorded.length).toBeLessThanOrEqual(CAP);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('lets the last change win when the client waits for each reply', async () => {
    const store = new DynamoDbConnectionStore({
      documents: embedded.documents,
      tableName: embedded.tableName,
      maxSubscriptions: CAP,
    });
    await store.addConnection({ connectionId: 'seq', connectedAt: Date.now() });
    for (let i = 0; i < 10; i++) {
      await store.subscribe('seq', 't:a', Date.now());
      await store.unsubscribe('seq', 't:a');
    }
    await store.subscribe('seq', 't:b', Date.now());
    expect(await state(store, 'seq')).toEqual({ recorded: ['t:b'], delivering: ['t:b'] });
    for (const topic of ['t:c', 't:d']) await store.subscribe('seq', topic, Date.now());
    await expect(store.subscribe('seq', 't:e', Date.now())).rejects.toBeInstanceOf(TooManySubscriptionsError);
    await store.unsubscribe('seq', 't:c');
    await store.subscribe('seq', 't:e', Date.now());
    expect(await state(store, 'seq')).toEqual({ recorded: ['t:b', 't:d', 't:e'], delivering: ['t:b', 't:d', 't:e'] });
  });

  it('does not remove as stale a connection younger than the grace period, and does remove an older one', async () => {
    const store = new DynamoDbConnectionStore({ documents: embedded.documents, tableName: embedded.tableName });
    await store.addConnection({ connectionId: 'young', connectedAt: Date.now() });
    await store.addConnection({ connectionId: 'old', connectedAt: Date.now() - 120_000 });
    const cutoff = Date.now() - 60_000;
    expect(await store.removeStaleConnection('young', cutoff)).toBe(false);
    expect(await store.removeStaleConnection('old', cutoff)).toBe(true);
    expect(await store.getConnection('young')).toBeDefined();
    expect(await store.getConnection('old')).toBeUndefined();
  });
});
