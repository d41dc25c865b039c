import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import { TestClient } from '../support/ws-client';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';
import { sdkDocuments } from '../support/sdk-documents';

let runtime: TestRuntime;
const clients: TestClient[] = [];

beforeAll(async () => {
  runtime = await startRuntime();
}, 60_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await runtime.gateway.idle();
});
afterAll(() => runtime.close());

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(runtime.webSocketUrl, { Origin: 'http://localhost:3000' });
  clients.push(client);
  return client;
}

/** The existing backend's call, unchanged: http://localhost:3001/development/broadcast/comments. */
async function broadcastComments(postId: string, comments: unknown[]) {
  const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'comments_list', data: { post_id: postId, comments, count: comments.length } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('broadcasting through the local runtime', () => {
  it('delivers the seed contract to every client that never subscribed', async () => {
    const [first, second] = [await connect(), await connect()];

    const { status, body } = await broadcastComments('7', [{ id: 'c1', text: 'hello' }]);

    expect(status).toBe(200);
    expect(body).toMatchObject({ message: 'Broadcast completed', connectionCount: 2, delivered: 2 });
    for (const client of [first, second]) {
      const message = await client.next();
      expect(message).toMatchObject({
        type: 'comments_list',
        data: { post_id: '7', comments: [{ id: 'c1', text: 'hello' }], count: 1 },
      });
      expect(new Date(String(message.timestamp)).getTime()).not.toBeNaN();
    }
  });

  it("sends a post's comments to its subscribers and to unsubscribed clients, not to other posts' subscribers", async () => {
    const [onA, onB, everything] = [await connect(), await connect(), await connect()];
    expect(await onA.request({ action: 'subscribe', topic: 'post:A' })).toEqual({
      type: 'subscribed',
      topic: 'post:A',
    });
    expect(await onB.request({ action: 'subscribe', topic: 'post:B' })).toEqual({
      type: 'subscribed',
      topic: 'post:B',
    });

    const { body } = await broadcastComments('A', [{ id: 1 }]);

    expect(body).toMatchObject({ connectionCount: 2, delivered: 2, topic: 'post:A' });
    expect(await onA.next()).toMatchObject({ data: { post_id: 'A' } });
    expect(await everything.next()).toMatchObject({ data: { post_id: 'A' } });
    await broadcastComments('B', [{ id: 2 }]);
    expect(await onB.next()).toMatchObject({ data: { post_id: 'B' } });
    expect(onA.received).toEqual([]);
  });

  it('stops sending a topic after unsubscribe', async () => {
    const client = await connect();
    await client.request({ action: 'subscribe', topic: 'post:U' });
    await client.request({ action: 'unsubscribe', topic: 'post:U' });
    const { body } = await broadcastComments('U', []);
    expect(body).toMatchObject({ connectionCount: 0 });
  });

  it('sends a generic broadcast without topic to everyone, subscribed or not', async () => {
    const [subscribed, plain] = [await connect(), await connect()];
    await subscribed.request({ action: 'subscribe', topic: 'post:Z' });
    const response = await fetch(`${runtime.httpUrl}/development/broadcast`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'maintenance', data: { in: '5m' } }),
    });
    expect(await response.json()).toMatchObject({ connectionCount: 2, delivered: 2 });
    expect(await subscribed.next()).toMatchObject({ type: 'maintenance' });
    expect(await plain.next()).toMatchObject({ type: 'maintenance' });
  });

  it('removes a connection that vanished without $disconnect on the next broadcast and reports it stale', async () => {
    // A connection API Gateway forgot (its $disconnect never ran) ten minutes ago: items in the table, nobody behind them.
    const store = new DynamoDbConnectionStore({
      documents: sdkDocuments(DynamoDBDocumentClient.from(runtime.dynamo)),
      tableName: runtime.tableNames[0]!,
      maxSubscriptions: 50,
    });
    await store.addConnection({ connectionId: 'GhostConnId0=', connectedAt: Date.now() - 10 * 60_000 });
    await store.subscribe('GhostConnId0=', 'post:G', Date.now());
    const live = await connect();

    const { body } = await broadcastComments('G', [{ id: 3 }]);

    expect(body).toMatchObject({ connectionCount: 2, delivered: 1, stale: 1, failed: 0 });
    expect(await live.next()).toMatchObject({ data: { post_id: 'G' } });
    expect((await broadcastComments('G', [])).body).toMatchObject({ connectionCount: 1, stale: 0 });
  });

  it('runs $disconnect for a client killed without a close frame', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    await client.request({ action: 'subscribe', topic: 'post:K' });
    client.socket.terminate();
    await eventually(async () => (await broadcastComments('K', [])).body.connectionCount === 0);
    expect(runtime.log.lines.some((line) => line.includes('route=$disconnect') && line.includes('status=200'))).toBe(
      true,
    );
  });

  it('leaves no item in the table once every client has disconnected', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => connect()));
    await Promise.all(many.map((client, i) => client.request({ action: 'subscribe', topic: `post:${i % 3}` })));
    expect(await runtime.itemCount()).toBeGreaterThan(0);
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  });
});
