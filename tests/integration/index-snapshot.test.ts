import { MOVED, type RecipientPlan, splitPlan } from '@comments-websocket/shared';
import { DynamoDbConnectionStore, type Documents } from '@comments-websocket/shared/store';
import fc from 'fast-check';
import { storeForTests } from '../support/local-stack';

const embedded = storeForTests();

const SHARDS = 4;
const TOPICS = ['t:a', 't:b'];

/** Each key's ids as a plan's pages give them, in order (the movers are read alike either way, so left out). */
async function idsByKey(store: DynamoDbConnectionStore, plan: RecipientPlan) {
  const byKey: Record<string, string[]> = {};
  for await (const { key, ids } of store.recipients(plan)) if (key !== MOVED) (byKey[key] ??= []).push(...ids);
  return byKey;
}

const connection = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9_=-]{3,14}$/),
  topics: fc.subarray(TOPICS),
});

describe('the recipients of a small index, read by one Scan, against the embedded store', () => {
  it("are each key's ids in the order the Queries give, for any plan, part and position", async () => {
    const { documents, tableName } = embedded;
    const keyQueries: string[] = [];
    const counting: Documents = {
      ...documents,
      query: (input) => {
        const key = input.ExpressionAttributeValues?.[':topic'] as string | undefined;
        if (key !== undefined && !key.startsWith(MOVED)) keyQueries.push(key);
        return documents.query(input);
      },
    };
    const options = { tableName, shards: SHARDS, maxSubscriptions: 2 };
    const scanning = new DynamoDbConnectionStore({ ...options, documents: counting, snapshotItems: 10_000 });
    const querying = new DynamoDbConnectionStore({ ...options, documents });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(connection, { selector: (c) => c.id, minLength: 1, maxLength: 20 }),
        fc.constantFrom(undefined, ...TOPICS),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        async (connections, topic, parts, pick) => {
          const prefix = `r${run++}-`;
          const id = (raw: string) => prefix + raw;
          for (const { id: raw, topics } of connections) {
            await querying.addConnection({ connectionId: id(raw), connectedAt: Date.now() });
            for (const subscribed of topics) await querying.subscribe(id(raw), subscribed, Date.now());
          }
          try {
            const plan = querying.plan(topic);
            // Resume the first key after one of the connections, as a continuation does.
            plan[0] = { ...plan[0]!, after: id(connections[pick % connections.length]!.id) };
            for (const part of splitPlan(plan, SHARDS, parts)) {
              keyQueries.length = 0;
              const scanned = await idsByKey(scanning, part);
              expect(keyQueries).toEqual([]);
              expect(scanned).toEqual(await idsByKey(querying, part));
            }
          } finally {
            for (const { id: raw } of connections) await querying.removeConnection(id(raw));
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);
});
