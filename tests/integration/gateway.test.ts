import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { HandshakeRefused, TestClient } from '../support/ws-client';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';

let runtime: TestRuntime;
let management: ApiGatewayManagementApiClient;

beforeAll(async () => {
  runtime = await startRuntime({
    parameterOverrides: { AllowedOrigins: 'http://localhost:3000,https://app.example.com' },
  });
  management = new ApiGatewayManagementApiClient({
    endpoint: runtime.managementEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}, 60_000);
afterAll(async () => {
  management.destroy();
  await runtime.close();
});

const origin = { Origin: 'https://app.example.com' };

/** The connection id the runtime gave the newest connection. */
const newestConnectionId = () => [...runtime.gateway.connections.keys()].at(-1)!;

describe('$connect', () => {
  it('accepts an allowed origin on / and on /{stage}', async () => {
    const onStage = await TestClient.connect(runtime.webSocketUrl, origin);
    const onRoot = await TestClient.connect(`ws://127.0.0.1:${runtime.port}`, origin);
    await Promise.all([onStage.close(), onRoot.close()]);
  });

  it("refuses the handshake with the handler's status when $connect answers non-2xx, and stores nothing", async () => {
    await expect(TestClient.connect(runtime.webSocketUrl, { Origin: 'https://evil.example' })).rejects.toEqual(
      new HandshakeRefused(403),
    );
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  });

  it('hands the handler the request as API Gateway does', async () => {
    const client = await TestClient.connect(`${runtime.webSocketUrl}?token=abc&tag=a&tag=b`, {
      ...origin,
      'X-Custom': 'yes',
    });
    const id = newestConnectionId();
    expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    const { ConnectedAt, Identity } = await management.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(Identity?.SourceIp).toBe('127.0.0.1');
    expect(ConnectedAt).toBeInstanceOf(Date);
    await client.close();
  });
});

describe('route selection', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.connect(runtime.webSocketUrl, origin);
  });
  afterAll(() => client.close());

  it("routes by the template's selection expression", async () => {
    expect(await client.request({ action: 'subscribe', topic: 'post:1' })).toEqual({
      type: 'subscribed',
      topic: 'post:1',
    });
  });

  it('sends unknown actions to $default, which names them', async () => {
    const reply = await client.request({ action: 'dance' });
    expect(reply).toMatchObject({ type: 'error', message: expect.stringContaining('Unknown action "dance"') });
  });

  it('sends messages that are not JSON to $default', async () => {
    expect(await client.request('hello')).toMatchObject({
      type: 'error',
      message: expect.stringContaining('not a JSON object'),
    });
  });

  it('refuses a subscription past the documented cap of 50 and keeps the others', async () => {
    const busy = await TestClient.connect(runtime.webSocketUrl, origin);
    for (let i = 0; i < 50; i++)
      expect(await busy.request({ action: 'subscribe', topic: `post:${i}` })).toMatchObject({ type: 'subscribed' });
    expect(await busy.request({ action: 'subscribe', topic: 'post:50' })).toEqual({
      type: 'error',
      message: expect.stringContaining('at most 50 subscriptions'),
    });
    expect(await busy.request({ action: 'subscribe', topic: 'post:7' })).toMatchObject({ type: 'subscribed' });
    expect(await busy.request({ action: 'unsubscribe', topic: 'post:7' })).toMatchObject({ type: 'unsubscribed' });
    expect(await busy.request({ action: 'subscribe', topic: 'post:50' })).toMatchObject({ type: 'subscribed' });
    await busy.close();
  });

  it('keeps the connection usable after a bad message', async () => {
    await client.request('{"action":');
    expect(await client.request({ action: 'ping' })).toMatchObject({ type: 'pong' });
  });
});

describe('@connections through the AWS SDK', () => {
  it('posts text to a connection, describes it and deletes it', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const id = newestConnectionId();

    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('{"hello":"there"}') }));
    expect(await client.next()).toEqual({ hello: 'there' });

    const description = await management.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(description.LastActiveAt).toBeInstanceOf(Date);
    expect(description.Identity?.UserAgent).toBeDefined();

    await management.send(new DeleteConnectionCommand({ ConnectionId: id }));
    expect((await client.closed).code).toBe(1000);
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('x') })),
    ).rejects.toBeInstanceOf(GoneException);
  });

  it('posts binary data as a binary frame', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const received = new Promise<{ data: Buffer; isBinary: boolean }>((resolve) =>
      client.socket.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })),
    );
    await management.send(
      new PostToConnectionCommand({ ConnectionId: newestConnectionId(), Data: new Uint8Array([0xff, 0x00, 0xfe]) }),
    );
    expect(await received).toEqual({ data: Buffer.from([0xff, 0x00, 0xfe]), isBinary: true });
    await client.close();
  });

  it('answers GoneException for an unknown connection, on every method', async () => {
    const id = 'Unknown0000000=';
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('x') })),
    ).rejects.toBeInstanceOf(GoneException);
    await expect(management.send(new GetConnectionCommand({ ConnectionId: id }))).rejects.toBeInstanceOf(GoneException);
    await expect(management.send(new DeleteConnectionCommand({ ConnectionId: id }))).rejects.toBeInstanceOf(
      GoneException,
    );
  });

  it('refuses a payload over 128 KB with PayloadTooLargeException and keeps the connection', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const id = newestConnectionId();
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.alloc(128 * 1024 + 1, 0x61) })),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);
    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.alloc(128 * 1024, 0x61) }));
    expect(String(await client.next())).toHaveLength(128 * 1024);
    await client.close();
  });

  it('answers 400 to a malformed escape in any path, and never logs a query string', async () => {
    for (const path of ['/development/@connections/%E0', '/development/broadcast/%E0%A4', '/development/%zz']) {
      const response = await fetch(`${runtime.httpUrl}${path}?token=secret-value`, { method: 'POST', body: '"x"' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Bad Request' });
    }
    expect(runtime.log.lines.join('\n')).not.toContain('secret-value');
  });

  it('reads a target starting with // as a path, not a host name', async () => {
    expect((await fetch(`${runtime.httpUrl}//`)).status).toBe((await fetch(`${runtime.httpUrl}/`)).status);
    const response = await fetch(`${runtime.httpUrl}//development/@connections/Unknown0000000%3D`);
    expect(response.status).toBe(410);
  });

  it('serves the same API without the stage in the path', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const response = await fetch(`${runtime.httpUrl}/@connections/${encodeURIComponent(newestConnectionId())}`, {
      method: 'POST',
      body: '"no stage"',
    });
    expect(response.status).toBe(200);
    expect(await client.next()).toBe('no stage');
    await client.close();
  });
});

describe('quotas', () => {
  it('closes with 1009 a frame over 32 KB', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    client.send(JSON.stringify({ action: 'ping', pad: 'x'.repeat(33 * 1024) }));
    expect((await client.closed).code).toBe(1009);
  });

  it('closes with 1003 a binary frame, as API Gateway does, and runs $disconnect', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const id = newestConnectionId();
    client.socket.send(Buffer.from(JSON.stringify({ action: 'ping' })), { binary: true });
    expect((await client.closed).code).toBe(1003);
    // The client may see the close before the runtime does: wait for the $disconnect, not for a time.
    await eventually(() =>
      runtime.log.lines.some((line) => line.includes('fn=DisconnectFunction') && line.includes(`connectionId=${id} `)),
    );
  });

  it('closes with 1009 a message over 128 KB sent in small frames', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl, origin);
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    for (let i = 0; i < 9; i++) client.socket.send(chunk, { fin: i === 8, binary: false });
    expect((await client.closed).code).toBe(1009);
  });
});

describe('REST routes', () => {
  it('answers an unknown path as API Gateway does', async () => {
    const response = await fetch(`${runtime.httpUrl}/development/nothing-here`, { method: 'POST' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('refuses a body over the 10 MB REST limit with 413 before any function runs, and keeps serving', async () => {
    const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Too Long' });
    expect((await fetch(`${runtime.httpUrl}/development/nothing-here`, { method: 'POST' })).status).toBe(403);
  });

  it("passes the handler's validation errors through", async () => {
    const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(response.status).toBe(415);
  });
});
