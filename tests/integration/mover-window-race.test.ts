import { connectionPk, remainingPlan } from '@comments-websocket/shared';
import { MoverTracker, RecipientQueue, deliverPlan } from '@comments-websocket/shared/fanout';
import { DynamoDbConnectionStore, type Documents } from '@comments-websocket/shared/store';
import { storeForTests } from '../support/local-stack';

const embedded = storeForTests();

let run = 0;

/**
 * Ten fresh clients (never subscribed: recipients of everything). An invocation reads the plan of a
 * broadcast to a topic none of them holds and hands out the first six. Once its reading has begun
 * (the Scan has answered), the fifth and the ninth subscribe for the first time: one is handed out
 * from what was read, the other is not. Then the first subscribes of the third (handed out) and the
 * eighth (not yet) stamp their moves (the `#moved#s` stamps taken, their writes still on their way,
 * as a write is while it travels or while the index catches up), the invocation stops and settles
 * its movers, the writes land, the subscribes end, and a continuation (the fan-out worker, by
 * Queries) delivers the rest.
 */
async function stopWhileAFirstSubscribeIsInFlight(snapshotItems: number) {
  const { documents, tableName } = embedded;
  const prefix = `m${run++}-`;
  const ids = Array.from({ length: 10 }, (_, i) => `${prefix}f${String(i).padStart(2, '0')}`);
  const [mover, unread] = [ids[2]!, ids[7]!];
  let stampsTaken = 0;
  let stampTaken!: () => void;
  const stamping = new Promise<void>((resolve) => (stampTaken = resolve));
  let landStamp!: () => void;
  const landing = new Promise<void>((resolve) => (landStamp = resolve));
  const holding: Documents = {
    ...documents,
    put: async (input) => {
      const { pk, sk } = input.Item as { pk: string; sk: string };
      if ((pk === connectionPk(mover) || pk === connectionPk(unread)) && sk.startsWith('#moved#s')) {
        if (++stampsTaken === 2) stampTaken();
        await landing;
      }
      return documents.put(input);
    },
  };
  const options = { tableName, shards: 1, maxSubscriptions: 5 };
  const reading = new DynamoDbConnectionStore({ ...options, documents, snapshotItems });
  const worker = new DynamoDbConnectionStore({ ...options, documents });
  const subscriber = new DynamoDbConnectionStore({ ...options, documents: holding });
  for (const id of ids) await worker.addConnection({ connectionId: id, connectedAt: Date.now() });

  const plan = reading.plan(`post:${prefix}quiet`);
  const queue = new RecipientQueue(reading.recipients(plan));
  const handedOut: string[] = [];
  while (handedOut.length < 2) handedOut.push((await queue.take())!);
  for (const moved of [ids[4]!, ids[8]!]) await worker.subscribe(moved, `post:${prefix}elsewhere`, Date.now());
  while (handedOut.length < 6) handedOut.push((await queue.take())!);

  const subscribing = Promise.all(
    [mover, unread].map((id) => subscriber.subscribe(id, `post:${prefix}elsewhere`, Date.now())),
  );
  await stamping;
  const carry = await new MoverTracker(reading, plan).settle(queue.position, (id) => queue.has(id));
  const rest = remainingPlan(plan, queue.position, [], carry);
  landStamp();
  await subscribing;

  const continued: string[] = [];
  const sender = { post: async (id: string) => void continued.push(id) };
  await deliverPlan(
    { store: worker, sender, concurrency: 4, staleGraceMs: 0 },
    rest,
    new Uint8Array(),
    Date.now() + 60_000,
  );
  for (const id of ids) await worker.removeConnection(id);
  return { ids, mover, handedOut, continued };
}

describe.each([
  ['read with one Scan', 10_000],
  ['read by Queries', 0],
])('a continuation of a broadcast whose recipients were %s', (_, snapshotItems) => {
  it('reaches every client the first invocation did not, once', async () => {
    const { ids, mover, handedOut, continued } = await stopWhileAFirstSubscribeIsInFlight(snapshotItems);
    expect(handedOut).toEqual(ids.slice(0, 6));
    expect(handedOut).toContain(mover);
    // The ninth is sent once, as a mover; the fifth, handed out before it moved, not again; the
    // eighth, whose move was not readable at the stop, once, as its shard was not read that far.
    expect(continued.filter((id) => id !== mover).sort()).toEqual(ids.slice(6));
  });

  it('does not send again to a client it handed out whose first subscribe was in flight at the stop', async () => {
    const { mover, continued } = await stopWhileAFirstSubscribeIsInFlight(snapshotItems);
    expect(continued).not.toContain(mover);
  });
});
