import { TestClient } from '../support/ws-client';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';

/**
 * Parts of a broadcast die (their Lambda environment is killed mid-send) and requests are repeated:
 * every client open for the whole broadcast gets it at most once, the report ends complete, and a
 * client not reached is counted (unconfirmed), never silently missing. DESIGN §11.
 */
type Report = Record<string, number | string | boolean>;

/** POSTs a broadcast as a backend would; a 429 of the account throttle (the gateway's, before any function ran) is retried. */
async function post(runtime: TestRuntime, body: unknown, key?: string) {
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    response = await fetch(`${runtime.httpUrl}/development/broadcast`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
      body: JSON.stringify(body),
    });
    if (response.status !== 429 || attempt >= 50) break;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt + 1, 10)));
  }
  const text = await response.text();
  let parsed: Report;
  try {
    parsed = JSON.parse(text) as Report;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: parsed };
}

/** Reads the status until every part is done (reading it also resumes parts whose invocation is gone). */
async function finalReport(runtime: TestRuntime, broadcastId: string): Promise<Report> {
  let report: Report = {};
  await eventually(async () => {
    const response = await fetch(`${runtime.httpUrl}/development/broadcasts/${broadcastId}`);
    report = (await response.json()) as Report;
    return report.complete === true;
  }, 120_000);
  return report;
}

/** How many copies of the broadcast tagged `tag` each client holds, once a marker sent after it has arrived everywhere. */
async function copies(runtime: TestRuntime, clients: TestClient[], tag: string): Promise<number[]> {
  const marker = `after-${tag}`;
  await post(runtime, { type: 'marker', data: marker });
  await Promise.all(clients.map((client) => client.next((message) => message.data === marker, 60_000)));
  return clients.map((client) => client.received.filter((message) => (message as Report).data === tag).length);
}

const openClients = (runtime: TestRuntime, count: number) =>
  Promise.all(Array.from({ length: count }, () => TestClient.connect(runtime.webSocketUrl)));

describe('fan-out parts that die', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({
      // 4 parts from 100 recipients; a 5 s broadcast leaves 2 s to send before the rest continues.
      parameterOverrides: { FanoutSplitThreshold: '100', FanoutWorkers: '4', BroadcastTimeout: '5' },
      // Slow enough that the parts are mid-send when they are killed.
      throttle: { ratePerSecond: 150, burst: 30 },
      // The first three worker invocations (waited parts or continuations) die 700 ms in.
      crashInvocations: [{ functionId: 'FanoutWorkerFunction', count: 3, afterMs: 700 }],
    });
  }, 120_000);
  afterAll(() => runtime.close(), 60_000);

  it('resumes them after their last claim: nobody gets the broadcast twice, and whoever misses it is counted', async () => {
    const clients = await openClients(runtime, 600);
    const answer = await post(runtime, { type: 'news', data: 'killed-parts' });
    expect(answer.status).toBe(202);
    const report = await finalReport(runtime, String(answer.body.broadcastId));
    const received = await copies(runtime, clients, 'killed-parts');
    const missed = received.filter((n) => n === 0).length;
    expect(Math.max(...received)).toBe(1);
    expect(report).toMatchObject({ complete: true, pending: 0, failedParts: 0, failed: 0 });
    expect(missed).toBeLessThanOrEqual(Number(report.unconfirmed));
    expect(600 - missed).toBeGreaterThanOrEqual(Number(report.delivered));
    expect(Number(report.delivered) + Number(report.unconfirmed)).toBeGreaterThanOrEqual(600);
    expect(runtime.log.lines.some((line) => line.includes('Runtime.ExitError'))).toBe(true);
    await Promise.all(clients.map((client) => client.close()));
  }, 240_000);
});

describe('a broadcast function that dies mid-send', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({
      // 300 recipients at 50/s: about 6 s of sending, inside the function's 7 s before it would hand on.
      parameterOverrides: { BroadcastTimeout: '10' },
      throttle: { ratePerSecond: 50, burst: 10 },
      // Late enough to be past a cold start on a busy machine, early enough to be mid-send.
      crashInvocations: [{ functionId: 'BroadcastFunction', count: 1, afterMs: 2500 }],
    });
  }, 120_000);
  afterAll(() => runtime.close(), 60_000);

  it('is resumed from its record when the caller repeats the request with its Idempotency-Key', async () => {
    const clients = await openClients(runtime, 300);
    const body = { type: 'news', data: 'killed-broadcast' };
    const first = await post(runtime, body, 'killed-broadcast-1');
    expect(first.status).toBe(502);
    const repeat = await post(runtime, body, 'killed-broadcast-1');
    expect(repeat).toMatchObject({ status: 202, replayed: 'true' });
    const report = await finalReport(runtime, String(repeat.body.broadcastId));
    const received = await copies(runtime, clients, 'killed-broadcast');
    const missed = received.filter((n) => n === 0).length;
    expect(Math.max(...received)).toBe(1);
    expect(report).toMatchObject({ complete: true, failedParts: 0 });
    expect(missed).toBeLessThanOrEqual(Number(report.unconfirmed));
    await Promise.all(clients.map((client) => client.close()));
  }, 240_000);
});

describe('repeated broadcast requests', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({
      parameterOverrides: { BroadcastTimeout: '5' },
      throttle: { ratePerSecond: 60, burst: 10 },
    });
  }, 120_000);
  afterAll(() => runtime.close(), 60_000);

  it('send once however often and however concurrently a key is repeated, and answer each repeat as the first', async () => {
    const clients = await openClients(runtime, 200);
    const body = { type: 'news', data: 'repeated' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(runtime, body, 'repeat-key-1')));
    const ids = new Set(answers.map((answer) => answer.body.broadcastId));
    expect(ids.size).toBe(1);
    expect(answers.filter((answer) => answer.replayed === 'true')).toHaveLength(4);
    const report = await finalReport(runtime, String([...ids][0]));
    expect(report).toMatchObject({ complete: true, delivered: 200, recipients: 200 });
    const later = await post(runtime, body, 'repeat-key-1');
    expect(later).toMatchObject({ replayed: 'true', body: { broadcastId: [...ids][0] } });
    expect(await copies(runtime, clients, 'repeated')).toEqual(clients.map(() => 1));
    await Promise.all(clients.map((client) => client.close()));
  }, 240_000);

  it('refuses a key used before with another body, and sends nothing for it', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    expect([200, 202]).toContain((await post(runtime, { type: 'news', data: 'first' }, 'reused-key')).status);
    const reused = await post(runtime, { type: 'news', data: 'second' }, 'reused-key');
    expect(reused.status).toBe(422);
    expect(String(reused.body.message)).toMatch(/Idempotency-Key.*different request body/);
    expect(await copies(runtime, [client], 'second')).toEqual([0]);
    await client.close();
  }, 60_000);

  it('refuses a malformed key with 400 naming the header', async () => {
    const answer = await post(runtime, { type: 'news' }, 'x'.repeat(256));
    expect(answer.status).toBe(400);
    expect(String(answer.body.message)).toContain('Idempotency-Key');
  });
});
