import { connect as tcpConnect } from 'node:net';
import { TestClient } from '../support/ws-client';
import { eventually, postJson, startRuntime, type TestRuntime } from '../support/runtime';

const broadcast = (runtime: TestRuntime, body: unknown) => postJson(runtime.httpUrl, '/development/broadcast', body);
const invocations = (runtime: TestRuntime, fn: string) =>
  runtime.log.lines.filter((line) => line.includes(`invoke fn=${fn} `));

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startRuntime();
}, 60_000);
afterAll(() => runtime.close(), 60_000);

describe('connects racing broadcasts', () => {
  it('never drops a client that is still connecting: every open client receives the next broadcast and may subscribe', async () => {
    // Prepare: 300 clients connect while 8 broadcasts to everyone run, over and over.
    let connecting = true;
    const broadcasts: Promise<unknown>[] = [];
    const keepBroadcasting = async () => {
      while (connecting) await broadcast(runtime, { type: 'noise' });
    };
    for (let i = 0; i < 8; i++) broadcasts.push(keepBroadcasting());
    const clients = await Promise.all(Array.from({ length: 300 }, () => TestClient.connect(runtime.webSocketUrl)));
    connecting = false;
    await Promise.all(broadcasts);
    // Act
    const { body } = await broadcast(runtime, { type: 'after', data: 'everyone' });
    // Assess
    expect(body).toMatchObject({ connectionCount: 300, delivered: 300 });
    await Promise.all(clients.map((client) => client.next((message) => message.type === 'after', 30_000)));
    const replies = await Promise.all(
      clients.map((client) => client.request({ action: 'subscribe', topic: 'post:1' }, 'subscribed')),
    );
    expect(replies.filter((reply) => reply.type !== 'subscribed')).toEqual([]);
    await Promise.all(clients.map((client) => client.close()));
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  }, 120_000);
});

/** Sends a raw HTTP upgrade request and returns the socket and what the server answered. */
function rawHandshake(request: string): Promise<{ answer: Promise<string>; socket: ReturnType<typeof tcpConnect> }> {
  const url = new URL(runtime.httpUrl);
  return new Promise((resolve) => {
    const socket = tcpConnect(Number(url.port), url.hostname, () => {
      socket.write(request);
      let text = '';
      const answer = new Promise<string>((done) => {
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => done(text));
        socket.on('error', () => done(text));
      });
      resolve({ answer, socket });
    });
  });
}

const upgrade = (headers: Record<string, string>, method = 'GET') =>
  `${method} /development HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
const GOOD = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

describe('handshakes', () => {
  it.each([
    ['a bad Sec-WebSocket-Key', { ...GOOD, 'Sec-WebSocket-Key': 'not-a-key' }, 'GET', /^HTTP\/1\.1 400/],
    ['no Sec-WebSocket-Version', { ...GOOD, 'Sec-WebSocket-Version': '' }, 'GET', /^HTTP\/1\.1 426/],
    ['the wrong method', GOOD, 'POST', /^HTTP\/1\.1 405/],
  ])('refuses %s before $connect runs', async (_case, headers, method, status) => {
    const before = invocations(runtime, 'ConnectFunction').length;
    const { answer } = await rawHandshake(upgrade(headers as Record<string, string>, method));
    expect(await answer).toMatch(status);
    expect(invocations(runtime, 'ConnectFunction').length).toBe(before);
    expect(await runtime.itemCount()).toBe(0);
  });

  it('runs exactly one $disconnect for every accepted $connect, even when clients abandon their handshakes', async () => {
    const connectsBefore = invocations(runtime, 'ConnectFunction').length;
    const disconnectsBefore = invocations(runtime, 'DisconnectFunction').length;
    // Half leave politely (FIN), half reset (RST), at once after asking.
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const { socket, answer } = await rawHandshake(upgrade(GOOD));
        if (i % 2 === 0) socket.end();
        else socket.resetAndDestroy();
        await answer;
      }),
    );
    await runtime.gateway.idle();
    const connects = invocations(runtime, 'ConnectFunction').length - connectsBefore;
    expect(connects).toBe(100);
    await eventually(() => invocations(runtime, 'DisconnectFunction').length - disconnectsBefore === connects, 30_000);
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  }, 60_000);
});

describe('messages that name $connect or $disconnect', () => {
  it('go to $default: they neither re-run $connect nor remove the caller', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    const connects = invocations(runtime, 'ConnectFunction').length;
    expect(await client.request({ action: '$connect' })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/Unknown action "\$connect"/),
    });
    expect(await client.request({ action: '$disconnect' })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/Unknown action "\$disconnect"/),
    });
    expect(invocations(runtime, 'ConnectFunction').length).toBe(connects);
    expect(await client.request({ action: 'subscribe', topic: 'post:9' })).toMatchObject({ type: 'subscribed' });
    await client.close();
    await runtime.gateway.idle();
  });
});
