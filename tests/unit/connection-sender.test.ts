import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createConnectionSender } from '@comments-websocket/shared/fanout';
import { verifySigV4 } from 'sam-websocket-local/internal';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEKEY000001',
  secretAccessKey: 'secret/with+chars=',
  // Lambda's session tokens are long; the signature must cover it.
  sessionToken: 'IQoJb3JpZ2luX2VjE'.padEnd(800, 'x'),
};

interface Received {
  path: string;
  body: Buffer;
  verdict: string | undefined;
  token: string | undefined;
}

let server: Server;
let endpoint: string;
const received: Received[] = [];
let answer: (request: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: string } = () => ({
  status: 200,
});

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      // The maintained signer recomputes what AWS would, from the request as it arrived.
      void verifySigV4(request, body, credentials).then((verdict) => {
        received.push({
          path: request.url ?? '',
          body,
          verdict,
          token: request.headers['x-amz-security-token'] as string | undefined,
        });
        const { status, headers, body: text } = answer(request);
        response.writeHead(status, headers);
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/production`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

afterEach(() => {
  received.length = 0;
  answer = () => ({ status: 200 });
});

// The sender posts over Node's agent first and over undici's pool once it pays (sender-transport.ts):
// every behaviour holds on both.
describe.each([
  ["Node's agent", undefined],
  ["undici's pool", 0],
])('connection sender over %s', (_transport, poolAfter) => {
  it('signs every PostToConnection so that SigV4 verification accepts it, session token included', async () => {
    // Prepare: connection ids as API Gateway makes them, with characters that need escaping.
    const sender = createConnectionSender({
      poolAfter,
      endpoint,
      maxSockets: 8,
      region: 'eu-west-1',
      credentials: () => credentials,
    });
    const ids = Array.from({ length: 40 }, (_, i) => `L0SM9cOFvHcCIhw${i}=`);
    // Act
    await Promise.all(ids.map((id) => sender.post(id, Buffer.from(`hello ${id}`))));
    sender.destroy();
    // Assess
    expect(received).toHaveLength(40);
    expect(received.filter((request) => request.verdict !== undefined)).toEqual([]);
    expect(received.every((request) => request.token === credentials.sessionToken)).toBe(true);
    expect(received.map((request) => request.path).sort()).toEqual(
      ids.map((id) => `/production/@connections/${encodeURIComponent(id)}`).sort(),
    );
    expect(received.find((request) => request.path.endsWith('L0SM9cOFvHcCIhw7%3D'))?.body.toString()).toBe(
      'hello L0SM9cOFvHcCIhw7=',
    );
  });

  it('is refused by verification when signed with another secret', async () => {
    const sender = createConnectionSender({
      poolAfter,
      endpoint,
      maxSockets: 1,
      credentials: () => ({ ...credentials, secretAccessKey: 'wrong' }),
    });
    await sender.post('abc=', Buffer.from('x'));
    sender.destroy();
    expect(received[0]?.verdict).toMatch(/signature we calculated does not match/);
  });

  it('is refused by verification when the body is replaced after signing', async () => {
    // Prepare: a proxy in the middle that swaps the body and fixes up its length.
    const tamper = createServer((request, response) => {
      const forward = httpRequest(
        {
          host: '127.0.0.1',
          port: new URL(endpoint).port,
          path: request.url,
          method: request.method,
          headers: { ...request.headers, 'content-length': '8' },
        },
        (answer) => answer.pipe(response),
      );
      request.resume();
      request.on('end', () => forward.end('replaced'));
    });
    await new Promise<void>((resolve) => tamper.listen(0, '127.0.0.1', resolve));
    const sender = createConnectionSender({
      poolAfter,
      endpoint: `http://127.0.0.1:${(tamper.address() as AddressInfo).port}/production`,
      maxSockets: 1,
      credentials: () => credentials,
    });
    // Act
    await sender.post('abc=', Buffer.from('original'));
    sender.destroy();
    tamper.closeAllConnections();
    await new Promise((resolve) => tamper.close(resolve));
    // Assess
    expect(received[0]?.body.toString()).toBe('replaced');
    expect(received[0]?.verdict).toMatch(/signature we calculated does not match/);
  });

  it.each([
    [410, 'GoneException', 'GoneException:http://internal.amazon.com/coral/com.amazon.coral.service/'],
    [413, 'PayloadTooLargeException', 'PayloadTooLargeException'],
    [429, 'LimitExceededException', undefined],
    [403, 'ForbiddenException', undefined],
  ])("answers a %i with the SDK's error name and status", async (status, name, errorType) => {
    answer = () => ({
      status,
      headers: {
        'Content-Type': 'application/json',
        'x-amzn-RequestId': 'req-1',
        ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
      },
      body: JSON.stringify({ message: `refused with ${status}` }),
    });
    const sender = createConnectionSender({ endpoint, maxSockets: 1, credentials: () => credentials, poolAfter });
    const failure = sender.post('abc', Buffer.from('x'));
    await expect(failure).rejects.toMatchObject({
      name,
      message: `refused with ${status}`,
      $metadata: { httpStatusCode: status, requestId: 'req-1' },
    });
    sender.destroy();
  });

  it('gives up on an endpoint that does not answer', async () => {
    answer = () => ({ status: 200 });
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sender = createConnectionSender({
      poolAfter,
      endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/dev`,
      maxSockets: 1,
      timeoutMs: 50,
      credentials: () => credentials,
    });
    await expect(sender.post('abc', Buffer.from('x'))).rejects.toMatchObject({ name: 'TimeoutError' });
    sender.destroy();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});

describe('connection sender switching to the pool', () => {
  it("moves from Node's agent to undici's pool after `poolAfter` posts, closing the agent's socket, every post signed", async () => {
    // Prepare: one socket at a time, so each client shows as one connection.
    const connections: Socket[] = [];
    const count = (socket: Socket) => connections.push(socket);
    server.on('connection', count);
    const sender = createConnectionSender({ endpoint, maxSockets: 1, credentials: () => credentials, poolAfter: 3 });
    try {
      // Act
      for (let i = 0; i < 6; i++) await sender.post(`c${i}=`, Buffer.from(`post ${i}`));
      // Assess: three posts on the agent's socket, three on the pool's; the agent's is closed.
      expect(connections.length).toBe(2);
      await new Promise((resolve) =>
        connections[0]!.destroyed ? resolve(undefined) : connections[0]!.once('close', resolve),
      );
      expect(connections[1]!.destroyed).toBe(false);
      expect(received).toHaveLength(6);
      expect(received.filter((request) => request.verdict !== undefined)).toEqual([]);
      expect(received.map((request) => request.body.toString())).toEqual([0, 1, 2, 3, 4, 5].map((i) => `post ${i}`));
    } finally {
      sender.destroy();
      server.off('connection', count);
    }
  });
});
