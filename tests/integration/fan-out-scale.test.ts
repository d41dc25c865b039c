import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { TestClient } from '../support/ws-client';
import { eventually, postJson, startRuntime, type TestRuntime } from '../support/runtime';
import { sampleEvent } from '../support/events';

/** Opens `n` clients, a few at a time (as browsers arrive), and keeps every message they get. */
async function connectMany(runtime: TestRuntime, n: number): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Math.min(50, n - i);
    clients.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () =>
          TestClient.connect(runtime.webSocketUrl, { Origin: 'http://localhost:3000' }),
        ),
      )),
    );
  }
  return clients;
}

const copiesOf = (client: TestClient, marker: string) =>
  client.received.filter((message) => (message as { data?: { marker?: string } }).data?.marker === marker).length;

async function everyoneGotItOnce(clients: TestClient[], marker: string, timeoutMs = 60_000): Promise<void> {
  await eventually(() => clients.every((client) => copiesOf(client, marker) >= 1), timeoutMs);
  expect(clients.map((client) => copiesOf(client, marker)).filter((copies) => copies !== 1)).toEqual([]);
}

describe('the Lambda Invoke API of the local runtime', () => {
  let runtime: TestRuntime;
  let lambda: LambdaClient;
  beforeAll(async () => {
    runtime = await startRuntime();
    lambda = new LambdaClient({
      endpoint: runtime.httpUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, 60_000);
  afterAll(async () => {
    lambda.destroy();
    await runtime.close();
  });

  it("runs a function by name for the SDK's LambdaClient and answers its result", async () => {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: 'local-DefaultFunction',
        Payload: Buffer.from(JSON.stringify(sampleEvent('ping.json'))),
      }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBeUndefined();
    const result = JSON.parse(Buffer.from(answer.Payload!).toString('utf8')) as { statusCode: number; body: string };
    expect(JSON.parse(result.body)).toMatchObject({ type: 'pong' });
  });

  it('accepts an ARN and an asynchronous invocation, and refuses a function it does not have', async () => {
    // The runtime's region (the project's samconfig): Lambda finds no function by another region's ARN.
    const arn = `arn:aws:lambda:${runtime.project.region ?? 'us-east-1'}:000000000000:function:local-DefaultFunction`;
    const queued = await lambda.send(
      new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: Buffer.from('{}') }),
    );
    expect(queued.StatusCode).toBe(202);
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it("reports a function's failure as FunctionError with its error type", async () => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'local-FanoutWorkerFunction', Payload: Buffer.from('{"plan":"not a plan"}') }),
    );
    expect(answer.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(answer.Payload!).toString('utf8'))).toHaveProperty('errorType');
  });
});

describe('a broadcast larger than one invocation serves', () => {
  let runtime: TestRuntime;
  let clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
    await runtime.close();
  }, 60_000);

  it('is spread over parallel worker invocations and reaches every client exactly once', async () => {
    runtime = await startRuntime({
      parameterOverrides: { IndexShards: '8', FanoutWorkers: '4', FanoutSplitThreshold: '20' },
    });
    clients = await connectMany(runtime, 120);
    const { status, body } = await postJson(runtime.httpUrl, '/development/broadcast', {
      type: 'scale',
      data: { marker: 'split' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ connectionCount: 120, delivered: 120, failed: 0, complete: true });
    await everyoneGotItOnce(clients, 'split');
    expect(runtime.log.lines.filter((line) => line.includes('fn=FanoutWorkerFunction'))).toHaveLength(3);
  }, 120_000);

  it('backs off under the account throttle and still delivers to everyone', async () => {
    // A throttle the sends exceed however slow the machine: a 5-request bucket refilled 50 times a
    // second against dozens of sends in flight at once.
    runtime = await startRuntime({ throttle: { ratePerSecond: 50, burst: 5 } });
    clients = await connectMany(runtime, 300);
    const { status, body } = await postJson(runtime.httpUrl, '/development/broadcast', {
      type: 'scale',
      data: { marker: 'throttled' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ connectionCount: 300, delivered: 300, failed: 0 });
    expect(Number(body.throttled)).toBeGreaterThan(0);
    await everyoneGotItOnce(clients, 'throttled');
  }, 120_000);

  it('continues after its answer when the time runs out: 202, then a final report and every client reached once', async () => {
    // Prepare: a 5 s broadcast function (2 s of sending) and a throttle that makes 700 sends take about 7 s.
    runtime = await startRuntime({
      parameterOverrides: { BroadcastTimeout: '5', FanoutWorkerTimeout: '5' },
      throttle: { ratePerSecond: 100, burst: 20 },
    });
    clients = await connectMany(runtime, 700);
    // Act
    const { status, body } = await postJson(runtime.httpUrl, '/development/broadcast', {
      type: 'scale',
      data: { marker: 'long' },
    });
    // Assess
    expect(status).toBe(202);
    expect(body).toMatchObject({ complete: false });
    expect(String(body.statusUrl)).toMatch(/\/development\/broadcasts\/[0-9a-f-]{36}$/);
    const statusPath = `/development/broadcasts/${String(body.broadcastId)}`;
    let report: Record<string, unknown> = {};
    await eventually(async () => {
      const response = await fetch(`${runtime.httpUrl}${statusPath}`);
      if (response.status === 429) return false;
      report = (await response.json()) as Record<string, unknown>;
      return report.complete === true;
    }, 90_000);
    expect(report).toMatchObject({ recipients: 700, delivered: 700, failed: 0, pending: 0 });
    await everyoneGotItOnce(clients, 'long');
  }, 180_000);
});
