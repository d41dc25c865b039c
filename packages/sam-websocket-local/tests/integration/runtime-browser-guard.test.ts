import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { fixture } from '../support/paths';
import { startRuntime, type TestRuntime } from '../support/runtime';

/**
 * The local server is not a door into the machine: a web page on another site cannot drive the
 * endpoints meant for programs, and a DNS-rebinding host name is refused everywhere.
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startRuntime({ template: fixture('browser-guard') });
}, 60_000);
afterAll(() => runtime?.close(), 60_000);

interface Answer {
  status: number;
  body: string;
}

function send(path: string, headers: Record<string, string>, body = '{}'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      `${runtime.httpUrl}${path}`,
      { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

const INVOKE = '/2015-03-31/functions/DisconnectFunction/invocations';
const CONNECTIONS = `/${'development'}/@connections/AAAAAAAAAAAAAAAA`;

describe('cross-site browser requests', () => {
  it.each([
    ["Lambda's Invoke API", INVOKE, { Origin: 'https://evil.example' }],
    ["Lambda's Invoke API", INVOKE, { 'Sec-Fetch-Site': 'cross-site' }],
    ['@connections', CONNECTIONS, { Origin: 'https://evil.example' }],
    ['AWS_IAM routes', '/development/broadcast', { Origin: 'null' }],
  ])('are refused on %s with 403 and the reason (%s, %j)', async (endpoint, path, headers) => {
    const answer = await send(path, headers);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).message).toContain(`Cross-site browser requests are refused on ${endpoint}`);
    expect(runtime.log.lines.some((line) => line.includes('fn=DisconnectFunction'))).toBe(false);
  });

  it("pass when they come from the runtime's own origin or from a program", async () => {
    const own = await send(INVOKE, { Origin: runtime.httpUrl, 'Sec-Fetch-Site': 'same-origin' }, '{"ping":1}');
    expect(own.status).toBe(200);
    expect((await send(CONNECTIONS, {})).status).toBe(410);
  });
});

describe('Host header (DNS rebinding)', () => {
  it('refuses a host name that is not the runtime’s with 403, on every path', async () => {
    const answer = await send(INVOKE, { Host: `rebound.evil.example:${runtime.port}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).message).toMatch(/^Host rebound\.evil\.example:\d+ is not this local runtime's/);
  });

  it('refuses a WebSocket handshake under a foreign host name', async () => {
    const socket = new WebSocket(runtime.webSocketUrl, { headers: { Host: 'rebound.evil.example' } });
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode!)),
    );
    expect(status).toBe(403);
  });

  it.each([
    'localhost',
    '127.0.0.1',
    '[::1]',
    'abc123defg.execute-api.us-east-1.amazonaws.com',
    'lambda.eu-west-1.amazonaws.com',
  ])('takes %s', async (host) => {
    const answer = await send(CONNECTIONS, { Host: `${host}:${runtime.port}` });
    expect(answer.status).toBe(410);
  });
});
