import { TestClient } from '../support/ws-client';
import { postJson, startRuntime, type TestRuntime } from '../support/runtime';

let runtime: TestRuntime;

const CLIENTS = 300;
const ROUNDS = 4;

/**
 * Fresh clients (never subscribed: they receive everything) subscribe while a broadcast to post
 * `post` runs. Every one of them was a recipient when the broadcast started and stays open, so every
 * one must receive it exactly once, whatever it subscribes to meanwhile.
 */
async function raceFirstSubscribes(round: number, topicOf: (index: number, post: string) => string) {
  const post = `race-${round}`;
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.connect(runtime.webSocketUrl)));
  const sent = postJson(runtime.httpUrl, '/development/broadcast/comments', {
    type: 'comments_list',
    data: { post_id: post, comments: [{ round }], count: 1 },
  });
  const subscribed = clients.map((client, index) =>
    client.request({ action: 'subscribe', topic: topicOf(index, post) }, 'subscribed'),
  );
  const { status, body } = await sent;
  expect(status).toBe(200);
  expect(body).toMatchObject({ complete: true, failed: 0 });
  await Promise.all(subscribed);
  const isRound = (message: { type?: string; data?: { post_id?: string } }) =>
    message.type === 'comments_list' && message.data?.post_id === post;
  const missed = (
    await Promise.all(
      clients.map((client) =>
        client.next(isRound, 30_000).then(
          () => 0,
          () => 1,
        ),
      ),
    )
  ).reduce((sum, n) => sum + n, 0);
  // A second copy would already be here: each client's messages arrive in order, and this one comes after.
  await postJson(runtime.httpUrl, '/development/broadcast', { type: 'marker', data: round });
  await Promise.all(clients.map((client) => client.next((message) => message.type === 'marker')));
  const duplicates = clients.filter((client) => client.received.some((message) => isRound(message as never))).length;
  await Promise.all(clients.map((client) => client.close()));
  return { missed, duplicates };
}

// The broadcast reads a small index with one Scan and a larger one by Queries: each way is raced.
describe.each([
  ['read with one Scan', '10000'],
  ['read by Queries', '0'],
])('first subscribes racing a broadcast whose recipients are %s', (_, scanItems) => {
  beforeAll(async () => {
    runtime = await startRuntime({ functionEnvironment: { INDEX_SCAN_ITEMS: scanItems } });
  }, 60_000);
  afterAll(() => runtime.close(), 60_000);

  it(`never lose the broadcast: ${CLIENTS} fresh clients subscribing to its post receive it exactly once, in ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { missed, duplicates } = await raceFirstSubscribes(round, (_, post) => `post:${post}`);
      expect({ round, missed, duplicates }).toEqual({ round, missed: 0, duplicates: 0 });
    }
  }, 240_000);

  it('never lose it either when the clients subscribe to other posts meanwhile', async () => {
    for (let round = ROUNDS; round < ROUNDS + 2; round++) {
      const { missed, duplicates } = await raceFirstSubscribes(round, (index) => `post:other-${index % 7}`);
      expect({ round, missed, duplicates }).toEqual({ round, missed: 0, duplicates: 0 });
    }
  }, 240_000);
});
