import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { TestClient } from '../support/ws-client';
import { copyProject, eventually, startRuntime, type TestRuntime } from '../support/runtime';

/** A $default handler we control: records its events, can throw, be slow, and says which build it is. */
const probeHandler = (version: number) => `
import { appendFileSync } from 'node:fs';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const handler = async (event: { body: string }, context: { getRemainingTimeInMillis(): number }) => {
  appendFileSync(process.env.EVENT_LOG!, JSON.stringify(event) + '\\n');
  const { action } = JSON.parse(event.body);
  if (action === 'boom') throw new Error('boom');
  if (action === 'hang') await sleep(5000);
  if (action === 'wait') await sleep(400);
  return { statusCode: 200, body: JSON.stringify({ type: action, version: ${version}, remainingMs: context.getRemainingTimeInMillis() }) };
};
`;

/** Wraps a real handler so the events it receives are recorded too. */
const recordingWrapper = `
import { appendFileSync } from 'node:fs';
import { handler as real } from './real';
export const handler = async (event: unknown, context: unknown) => {
  appendFileSync(process.env.EVENT_LOG!, JSON.stringify(event) + '\\n');
  return real(event as never);
};
`;

let project: ReturnType<typeof copyProject>;
let runtime: TestRuntime;
let eventLog: string;

// Recorded events are checked field by field below; their type is the shape under test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function recordedEvents(): Record<string, any>[] {
  return readFileSync(eventLog, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  project = copyProject();
  eventLog = join(project.root, 'events.log');
  writeFileSync(eventLog, '');
  writeFileSync(join(project.root, 'functions/default/index.ts'), probeHandler(1));
  for (const name of ['connect', 'disconnect']) {
    renameSync(join(project.root, `functions/${name}/index.ts`), join(project.root, `functions/${name}/real.ts`));
    writeFileSync(join(project.root, `functions/${name}/index.ts`), recordingWrapper);
  }
  const template = parseDocument(readFileSync(join(project.root, 'template.yaml'), 'utf8'));
  template.setIn(['Resources', 'DefaultFunction', 'Properties', 'Timeout'], 1);
  writeFileSync(join(project.root, 'template.yaml'), template.toString());
  runtime = await startRuntime({ template: project.root, watch: true, functionEnvironment: { EVENT_LOG: eventLog } });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  project?.remove();
});

describe('handlers run as Lambda runs them', () => {
  it('get $connect, message and $disconnect events shaped as API Gateway shapes them', async () => {
    const client = await TestClient.connect(`${runtime.webSocketUrl}?token=t1&tag=a&tag=b`, { 'X-Custom': 'yes' });
    await client.request({ action: 'echo' });
    await client.close();
    await runtime.gateway.idle();

    const [connect, message, disconnect] = recordedEvents();
    expect(connect).toMatchObject({
      headers: expect.objectContaining({ 'X-Custom': 'yes', 'Sec-WebSocket-Version': '13' }),
      multiValueHeaders: expect.objectContaining({ 'X-Custom': ['yes'] }),
      queryStringParameters: { token: 't1', tag: 'b' },
      multiValueQueryStringParameters: { token: ['t1'], tag: ['a', 'b'] },
      isBase64Encoded: false,
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        messageDirection: 'IN',
        stage: 'development',
        domainName: `127.0.0.1:${runtime.port}`,
        apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
        connectionId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        identity: { sourceIp: '127.0.0.1', userAgent: expect.any(String) },
        requestTime: expect.stringMatching(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
      },
    });
    expect(Math.abs(connect!.requestContext.connectedAt - Date.now())).toBeLessThan(60_000);
    expect(connect!.requestContext.requestTimeEpoch).toBeGreaterThanOrEqual(connect!.requestContext.connectedAt);
    expect(message).toMatchObject({
      body: '{"action":"echo"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: '$default',
        eventType: 'MESSAGE',
        messageId: expect.any(String),
        connectionId: connect!.requestContext.connectionId,
      },
    });
    expect(disconnect).toMatchObject({
      requestContext: {
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        disconnectStatusCode: 1000,
        disconnectReason: expect.any(String),
      },
    });
  });

  it("give the handler a context whose remaining time counts down from the template's timeout", async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    const reply = await client.request<{ remainingMs: number }>({ action: 'time' });
    expect(reply.remainingMs).toBeGreaterThan(0);
    expect(reply.remainingMs).toBeLessThanOrEqual(1000);
    await client.close();
  });

  it('answer a handler that throws with "Internal server error", log it, and keep serving', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    expect(await client.request({ action: 'boom' })).toMatchObject({
      message: 'Internal server error',
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    expect(
      runtime.log.lines.some((line) => line.includes('fn=DefaultFunction') && line.includes('errorMessage=boom')),
    ).toBe(true);
    expect(await client.request({ action: 'after' })).toMatchObject({ type: 'after' });
    await client.close();
  });

  it('stop a handler at its timeout and keep serving', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    expect(await client.request({ action: 'hang' })).toMatchObject({ message: 'Internal server error' });
    expect(runtime.log.lines.some((line) => line.includes('errorType=Sandbox.Timedout'))).toBe(true);
    expect(await client.request({ action: 'after' })).toMatchObject({ type: 'after' });
    await client.close();
  });

  it('do not hold a quick call behind a slow one', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    const order: string[] = [];
    const slow = client.next((m: { type?: string }) => m.type === 'wait').then(() => order.push('wait'));
    const quick = client.next((m: { type?: string }) => m.type === 'quick').then(() => order.push('quick'));
    client.send({ action: 'wait' });
    client.send({ action: 'quick' });
    await Promise.all([slow, quick]);
    expect(order).toEqual(['quick', 'wait']);
    await client.close();
  });

  it('pick up an edited handler without dropping an open connection', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    expect(await client.request({ action: 'which' })).toMatchObject({ version: 1 });

    writeFileSync(join(project.root, 'functions/default/index.ts'), probeHandler(2));

    await eventually(
      async () => (await client.request<{ version: number }>({ action: 'which' })).version === 2,
      15_000,
    );
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect(runtime.log.lines.some((line) => line.includes('rebuilt'))).toBe(true);
    await client.close();
  });
});

describe('a WebSocket API without $default', () => {
  let bare: ReturnType<typeof copyProject>;
  let bareRuntime: TestRuntime;
  beforeAll(async () => {
    bare = copyProject();
    const template = parseDocument(readFileSync(join(bare.root, 'template.yaml'), 'utf8'));
    for (const id of [
      'DefaultRoute',
      'DefaultRouteResponse',
      'DefaultIntegration',
      'DefaultPermission',
      'DefaultFunction',
    ]) {
      template.deleteIn(['Resources', id]);
    }
    const dependsOn = template.getIn(['Resources', 'WebSocketStage', 'DependsOn']) as { items: { value: string }[] };
    dependsOn.items = dependsOn.items.filter((item) => item.value !== 'DefaultRoute');
    writeFileSync(join(bare.root, 'template.yaml'), template.toString());
    bareRuntime = await startRuntime({ template: bare.root });
  }, 60_000);
  afterAll(async () => {
    await bareRuntime?.close();
    bare?.remove();
  });

  it("answers a message no route matches with API Gateway's Forbidden reply", async () => {
    const client = await TestClient.connect(bareRuntime.webSocketUrl);
    expect(await client.request({ action: 'dance' })).toEqual({
      message: 'Forbidden',
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    expect(await client.request({ action: 'subscribe', topic: 'post:1' })).toEqual({
      type: 'subscribed',
      topic: 'post:1',
    });
    await client.close();
  });
});
