import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WebSocket } from 'ws';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';
import { fixture as fixtureProject } from '../support/paths';
import { TestClient } from '../support/ws-client';

const fixture = fixtureProject('console-load');
const CONNECTIONS = 2000;
let runtime: TestRuntime;
let token: string;
const sockets: WebSocket[] = [];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: <T = Record<string, unknown>>() => T;
}

/** A request as a browser would make it, headers and all (fetch would not let a test set Host). */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(path, runtime.httpUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: { Host: url.host, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode!, headers: response.headers, body: text, json: () => JSON.parse(text) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The console's own page calling its API: same origin, with the token from the page. */
const api = (method: string, path: string, body?: string) =>
  call(
    method,
    `/_console/api/${path}`,
    { 'X-Console-Token': token, Origin: runtime.httpUrl, 'Sec-Fetch-Site': 'same-origin' },
    body,
  );

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(runtime.webSocketUrl);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

beforeAll(async () => {
  runtime = await startRuntime({
    template: fixture,
    // The functions' lines are for the console to capture; they go nowhere else.
    functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }),
    // One token, the next in 1,000 s: the second @connections call is throttled however slow the machine.
    throttle: { ratePerSecond: 0.001, burst: 1 },
  });
  const page = await call('GET', '/_console/', { 'Sec-Fetch-Site': 'none' });
  token = /name="console-token" content="([^"]+)"/.exec(page.body)![1]!;
  // In batches, so the handshakes do not all wait on one another at once.
  for (let opened = 0; opened < CONNECTIONS; opened += 200)
    sockets.push(...(await Promise.all(Array.from({ length: 200 }, openSocket))));
  await eventually(() => runtime.gateway.connections.size === CONNECTIONS);
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await runtime?.close();
});

describe("the console's API with 2,000 connections", () => {
  it('lists them a page at a time, newest first, and finds one by id', async () => {
    const started = performance.now();
    const first = await api('GET', 'connections?limit=100');
    const firstMs = performance.now() - started;
    const page = first.json<{ total: number; matched: number; items: { connectionId: string }[] }>();
    expect(first.status).toBe(200);
    expect(page.total).toBe(CONNECTIONS);
    expect(page.items).toHaveLength(100);
    expect(page.items[0]!.connectionId).toBe([...runtime.gateway.connections.keys()].at(-1));

    const second = (await api('GET', 'connections?limit=100&offset=100')).json<typeof page>();
    const seen = new Set(page.items.map((item) => item.connectionId));
    expect(second.items.some((item) => seen.has(item.connectionId))).toBe(false);

    const wanted = [...runtime.gateway.connections.keys()][1234]!;
    const searchStarted = performance.now();
    const found = (await api('GET', `connections?q=${encodeURIComponent(wanted)}`)).json<typeof page>();
    const searchMs = performance.now() - searchStarted;
    expect(found.matched).toBe(1);
    expect(found.items[0]!.connectionId).toBe(wanted);
    console.log(
      `console: a page of 100 of ${CONNECTIONS} connections in ${firstMs.toFixed(1)} ms, a search in ${searchMs.toFixed(1)} ms`,
    );
  });

  it('keeps a bounded log: the oldest entries go, the count stays at the capacity', async () => {
    const log = (await api('GET', 'log?limit=5')).json<{ lines: { id: number }[]; kept: number; capacity: number }>();
    // 2,000 opens alone are more than the log keeps.
    expect(log.kept).toBe(log.capacity);
    expect(log.lines[0]!.id).toBeGreaterThanOrEqual(CONNECTIONS);
    expect((await api('GET', 'log/1')).status).toBe(404);
    expect((await api('GET', `log/${log.lines[0]!.id}`)).status).toBe(200);
  });
});

describe("the console's live stream", () => {
  it('sends counters, then coalesced log lines and a connections change as they happen', async () => {
    const url = new URL(`/_console/api/stream?token=${encodeURIComponent(token)}`, runtime.httpUrl);
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      httpRequest(url, { headers: { 'Sec-Fetch-Site': 'same-origin' } }, resolve)
        .on('error', reject)
        .end(),
    );
    expect(stream.headers['content-type']).toContain('text/event-stream');
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    });
    try {
      await eventually(() => events.some((event) => event.event === 'counters'));
      expect(events[0]!.data.connections).toBe(CONNECTIONS);

      const clients = await Promise.all(Array.from({ length: 20 }, () => TestClient.connect(runtime.webSocketUrl)));
      for (const client of clients) client.send({ action: 'echo', n: 1 });
      const lines = () =>
        events
          .filter((event) => event.event === 'log')
          .flatMap((event) => event.data.lines as { kind: string; direction?: string; functionId?: string }[]);
      await eventually(() => lines().filter((line) => line.kind === 'invocation').length >= 20);
      expect(lines().filter((line) => line.direction === 'open')).toHaveLength(20);
      expect(lines().filter((line) => line.direction === 'in')).toHaveLength(20);
      expect(events.some((event) => event.event === 'connections')).toBe(true);
      // Lines that came together went out together: gathered, not sent one by one.
      const batches = events.filter((event) => event.event === 'log').map((event) => (event.data.lines as []).length);
      expect(Math.max(...batches)).toBeGreaterThan(1);
      for (const client of clients) client.socket.terminate();
    } finally {
      stream.destroy();
    }
  });
});

describe('the console acts through the runtime, outside the app’s throttle', () => {
  it('sends to a connection (it receives the frame) and closes one with a code; the @connections API meanwhile is throttled', async () => {
    const [client, id] = await connectOne();
    const received = client.next((message) => (message as { hi?: string }).hi === 'console');
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await api('POST', `connections/${encodeURIComponent(id)}/send`, '{"hi":"console"}')).status).toBe(200);
    await received;

    const management = await Promise.all(
      [1, 2, 3].map(() => call('POST', `/${runtime.stage}/@connections/${encodeURIComponent(id)}`, {}, 'x')),
    );
    expect(management.map((answer) => answer.status)).toContain(429);
    const counters = (await api('GET', 'overview')).json<{ counters: { throttled: number } }>().counters;
    expect(counters.throttled).toBeGreaterThan(0);

    expect(
      (await api('POST', `connections/${encodeURIComponent(id)}/close`, '{"code":4100,"reason":"test"}')).status,
    ).toBe(200);
    expect(await client.closed).toEqual({ code: 4100, reason: 'test' });
    expect((await api('POST', `connections/${encodeURIComponent(id)}/send`, '{}')).status).toBe(410);
  });

  it('invokes a function with an event and answers its result and log lines; a failure with its error and lines', async () => {
    const echo = (await api('POST', 'functions/EchoFunction/invoke', '{"body":"hi there"}')).json();
    expect(echo).toMatchObject({ ok: true, result: { statusCode: 200, body: 'hi there' } });
    expect((echo.logs as string[]).join('\n')).toContain('echo got hi there');

    const failed = (await api('POST', 'functions/FailFunction/invoke', '{}')).json();
    expect(failed).toMatchObject({ ok: false, error: { errorMessage: 'failed on purpose' } });
    expect((failed.logs as string[]).join('\n')).toContain('about to fail');
    const errors = (await api('GET', 'log?errors=1&functionId=FailFunction')).json<{
      lines: { id: number; errorLines: string[] }[];
    }>();
    expect(errors.lines[0]!.errorLines).toEqual(['about to fail']);
    const detail = (await api('GET', `log/${errors.lines[0]!.id}`)).json<{ error: string; logs: string[] }>();
    expect(detail.error).toContain('failed on purpose');
    expect(detail.logs.join('\n')).toContain('about to fail');

    expect((await api('GET', 'events')).json<{ name: string }[]>().map((sample) => sample.name)).toEqual([
      'hello.json',
    ]);
  });

  it('pages through a table and searches it', async () => {
    const documents = DynamoDBDocumentClient.from(runtime.dynamo);
    for (let index = 0; index < 30; index++)
      await documents.send(
        new PutCommand({
          TableName: 'ItemsTable',
          Item: { pk: `item-${index}`, colour: index === 17 ? 'teal' : 'grey' },
        }),
      );
    const first = (await api('GET', 'tables/ItemsTable?limit=20')).json<{ items: { pk: string }[]; next?: string }>();
    expect(first.items).toHaveLength(20);
    const rest = (await api('GET', `tables/ItemsTable?limit=20&cursor=${first.next}`)).json<typeof first>();
    expect(new Set([...first.items, ...rest.items].map((item) => item.pk)).size).toBe(30);
    const teal = (await api('GET', 'tables/ItemsTable?q=TEAL')).json<typeof first>();
    expect(teal.items.map((item) => item.pk)).toEqual(['item-17']);
  });

  it('answers bad input with 400 and a reason, and keeps serving', async () => {
    const [, id] = await connectOne();
    const reserved = await api('POST', `connections/${encodeURIComponent(id)}/close`, '{"code":1005}');
    expect(reserved.status).toBe(400);
    expect(reserved.json().message).toContain('1005');
    expect((await api('POST', 'functions/EchoFunction/invoke', '{not json')).status).toBe(400);
    expect((await api('POST', 'functions/Nope/invoke', '{}')).status).toBe(404);
    expect((await api('GET', 'connections?limit=0')).status).toBe(400);
    expect((await api('GET', 'tables/ItemsTable?cursor=%%')).status).toBe(400);
    expect(runtime.gateway.connections.has(id)).toBe(true);
  });
});

describe('the console refuses every request another web page could make', () => {
  let id: string;
  beforeAll(async () => {
    [, id] = await connectOne();
  });
  const closePath = () => `/_console/api/connections/${encodeURIComponent(id)}/close`;

  it('refuses a cross-site call even with the token', async () => {
    const crossSite = await call(
      'POST',
      closePath(),
      { 'X-Console-Token': token, Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      '{"code":4000}',
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['access-control-allow-origin']).toBeUndefined();
    const sameSite = await call('POST', closePath(), { 'X-Console-Token': token, 'Sec-Fetch-Site': 'same-site' }, '{}');
    expect(sameSite.status).toBe(403);
    expect(runtime.gateway.connections.has(id)).toBe(true);
  });

  it('refuses a call without the token, or with another', async () => {
    expect((await call('POST', closePath(), { Origin: runtime.httpUrl }, '{}')).status).toBe(403);
    expect((await call('POST', closePath(), { 'X-Console-Token': 'guess' }, '{}')).status).toBe(403);
    expect((await call('GET', '/_console/api/stream?token=guess')).status).toBe(403);
    expect(runtime.gateway.connections.has(id)).toBe(true);
  });

  it('refuses a host name other than localhost (a DNS-rebinding page), even for the page', async () => {
    const page = await call('GET', '/_console/', { Host: `rebind.example:${runtime.port}` });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain(token);
    const preflight = await call('OPTIONS', closePath(), {
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'POST',
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the page to a visit typed in the address bar, with headers that forbid framing it', async () => {
    const page = await call('GET', '/_console/', { Host: `localhost:${runtime.port}`, 'Sec-Fetch-Site': 'none' });
    expect(page.status).toBe(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});

async function connectOne(): Promise<[TestClient, string]> {
  const before = new Set(runtime.gateway.connections.keys());
  const client = await TestClient.connect(runtime.webSocketUrl);
  const added = () => [...runtime.gateway.connections.keys()].find((key) => !before.has(key));
  await eventually(() => added() !== undefined);
  return [client, added()!];
}
