import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from 'sam-websocket-local/internal';
import { HandshakeRefused, TestClient } from '../support/ws-client';
import { eventually, postJson, startRuntime, type TestRuntime } from '../support/runtime';

const broadcast = (runtime: TestRuntime, body: unknown) => postJson(runtime.httpUrl, '/development/broadcast', body);

describe('bursts', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startRuntime();
  }, 60_000);
  afterAll(() => runtime.close());

  it('accepts 500 handshakes opened at once, each with exactly its items, and leaves none once 500 close at once', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 500 }, () => TestClient.connect(runtime.webSocketUrl)),
    );
    const clients = outcomes
      .filter((o): o is PromiseFulfilledResult<TestClient> => o.status === 'fulfilled')
      .map((o) => o.value);
    const refused = outcomes.filter((o) => o.status === 'rejected');

    expect(refused).toEqual([]);
    expect(clients).toHaveLength(500);
    await runtime.gateway.idle();
    // Two items per connection that never subscribed: #meta and #unsubscribed.
    expect(await runtime.itemCount()).toBe(1000);
    expect((await broadcast(runtime, { type: 'hello' })).body).toMatchObject({
      connectionCount: 500,
      delivered: 500,
      failed: 0,
    });

    await Promise.all(clients.map((client) => client.close()));
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  }, 120_000);

  it('holds no store iterators once idle: each would pin the in-memory table as it was, for good', async () => {
    // The burst above queried (paged broadcasts, stops at a Limit) and scanned the store many times.
    const storeOpenIterators = async () =>
      ((await (await fetch(`${runtime.httpUrl}/_dev/stats`)).json()) as { storeOpenIterators: number })
        .storeOpenIterators;
    await eventually(async () => (await storeOpenIterators()) === 0);
  });
});

describe('a client that stops reading', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    // No grace: the dropped client is young, and the test wants its items gone at once.
    runtime = await startRuntime({
      limits: { maxBufferedBytes: 256 * 1024 },
      parameterOverrides: { StaleConnectionGraceSeconds: '0' },
    });
  }, 60_000);
  afterAll(() => runtime.close());

  it('is dropped once its buffer is full, is reported, and does not hold up the others', async () => {
    const frozen = await TestClient.connect(runtime.webSocketUrl);
    const reader = await TestClient.connect(runtime.webSocketUrl);
    (frozen.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    let received = 0;
    reader.socket.on('message', () => received++);
    const data = 'x'.repeat(100 * 1024);

    let sent = 0;
    let stale = 0;
    while (stale === 0 && sent < 400) {
      const { body } = await broadcast(runtime, { type: 'bulk', data });
      sent++;
      stale += Number(body.stale);
      expect(Number(body.delivered) + Number(body.stale) + Number(body.failed)).toBe(Number(body.connectionCount));
    }

    expect(stale).toBe(1);
    await eventually(() => received === sent);
    const { body } = await broadcast(runtime, { type: 'after' });
    expect(body).toMatchObject({ connectionCount: 1, delivered: 1 });
    await reader.close();
    frozen.socket.terminate();
  }, 120_000);

  it('answers a flood of messages beyond 16 in flight with "Too Many Requests" and keeps serving the others', async () => {
    const flooder = await TestClient.connect(runtime.webSocketUrl);
    const other = await TestClient.connect(runtime.webSocketUrl);
    const invocationsBefore = runtime.log.lines.filter((line) => line.includes('invoke fn=DefaultFunction')).length;
    for (let i = 0; i < 2000; i++) flooder.send({ action: 'ping' });
    expect(await other.request({ action: 'ping' }, 'pong')).toMatchObject({ type: 'pong' });
    await eventually(
      () =>
        flooder.received.filter((message) => (message as { message?: string }).message === 'Too Many Requests').length >
        0,
    );
    await runtime.gateway.idle();
    expect(
      runtime.log.lines.filter((line) => line.includes('invoke fn=DefaultFunction')).length - invocationsBefore,
    ).toBeLessThan(2000);
    await Promise.all([flooder.close(), other.close()]);
  });

  it('drops a client that sends without reading once the replies queued for it pass the bound', async () => {
    const frozen = await TestClient.connect(runtime.webSocketUrl);
    (frozen.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const connectionId = [...runtime.gateway.connections.keys()].at(-1)!;
    // 100,000 messages: their answers ("Unknown action …", "Too Many Requests", ~100–200 bytes each)
    // fill the kernel's socket buffers and then pass the 256 KB bound long before the last.
    const message = JSON.stringify({ action: 'x'.repeat(60) });
    for (let i = 0; i < 100_000; i++) frozen.send(message);
    await eventually(() => !runtime.gateway.connections.has(connectionId), 60_000);
    frozen.socket.terminate();
  }, 120_000);
});

describe('the store going away', () => {
  let store: EmbeddedDynamoDb;
  let runtime: TestRuntime;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'store-'));
    store = await startEmbeddedDynamoDb({ path: dataDir });
    port = Number(new URL(store.endpoint).port);
    runtime = await startRuntime({ dynamodbEndpoint: store.endpoint });
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses handshakes and answers broadcasts with 503 while it is down, and recovers by itself', async () => {
    const before = await TestClient.connect(runtime.webSocketUrl);
    await store.close();

    await expect(TestClient.connect(runtime.webSocketUrl)).rejects.toEqual(new HandshakeRefused(503));
    const down = await broadcast(runtime, { type: 'x' });
    expect(down.status).toBe(503);
    expect(down.body.message).toMatch(/unavailable/);
    expect(await before.request({ action: 'subscribe', topic: 'post:1' })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/unavailable|retry/i),
    });

    store = await startEmbeddedDynamoDb({ path: dataDir, port });

    const after = await TestClient.connect(runtime.webSocketUrl);
    expect((await broadcast(runtime, { type: 'back' })).body).toMatchObject({ connectionCount: 2, delivered: 2 });
    await Promise.all([before.close(), after.close()]);
  }, 60_000);
});
