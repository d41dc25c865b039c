import { once } from 'node:events';
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { FanoutWorkers, LambdaInvoke } from '@comments-websocket/shared/invoke';
import { serviceEndpoint } from '@comments-websocket/shared/store';
import { NodeSha256 } from 'sam-websocket-local/internal';

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
type Reply = { status: number; headers?: Record<string, string>; body: string };

/** A Lambda endpoint that answers each request with the next reply and keeps what it was sent. */
async function fakeLambda(replies: Reply[]) {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const reply = replies.shift() ?? { status: 500, body: '{"message":"no more replies"}' };
      response.writeHead(reply.status, {
        'content-type': 'application/json',
        'x-amzn-requestid': 'req-1',
        ...reply.headers,
      });
      response.end(reply.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, close: () => server.close() };
}

const keys = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret', sessionToken: 'token' };

/** What the SDK's own signer makes of the request as it arrived, at the time it was signed. */
async function sdkSignature(seen: Seen, region: string): Promise<string> {
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(seen.headers.authorization))![1]!.split(';');
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(seen.headers[name])]));
  const stamp = String(seen.headers['x-amz-date']);
  const signingDate = new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
  );
  // Without the payload-hash header the SDK adds for itself: the request as sent signs without one.
  const signer = new SignatureV4({
    credentials: keys,
    region,
    service: 'lambda',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: seen.method, protocol: 'http:', hostname: '127.0.0.1', path: seen.path, headers, body: seen.body },
    { signingDate },
  );
  return String(signed.headers.authorization);
}

const saved = { ...process.env };
beforeEach(() =>
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_SESSION_TOKEN: keys.sessionToken,
    AWS_REGION: 'eu-west-1',
  }),
);
afterEach(() => {
  process.env = { ...saved };
});

describe("Lambda's Invoke without the SDK", () => {
  it('posts the event signed for lambda as the SDK would sign it, and reads the answer and a function error', async () => {
    const fake = await fakeLambda([
      { status: 200, body: '{"delivered":3}' },
      { status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: '{"errorType":"Error"}' },
      { status: 202, body: '' },
    ]);
    try {
      const lambda = new LambdaInvoke();
      await expect(lambda.invoke('local-Worker', 'RequestResponse', '{"part":1}')).resolves.toEqual({
        payload: '{"delivered":3}',
      });
      const workers = new FanoutWorkers('local-Worker', lambda);
      const work = { broadcastId: 'b', payload: '', part: 0, owner: 'o', plan: [] };
      await expect(workers.run(work as never)).rejects.toMatchObject({
        name: 'WorkerInvocationError',
        message: expect.stringContaining('(Unhandled)') as unknown,
      });
      await workers.continueLater(work as never);
      expect(fake.seen.map(({ path, headers }) => [path, headers['x-amz-invocation-type']])).toEqual([
        ['/2015-03-31/functions/local-Worker/invocations', 'RequestResponse'],
        ['/2015-03-31/functions/local-Worker/invocations', 'RequestResponse'],
        ['/2015-03-31/functions/local-Worker/invocations', 'Event'],
      ]);
      expect(JSON.parse(fake.seen[2]!.body)).toEqual(work);
      const [first] = fake.seen;
      expect(first!.headers['x-amz-security-token']).toBe('token');
      expect(first!.headers.authorization).toContain('/eu-west-1/lambda/aws4_request');
      expect(first!.headers.authorization).toBe(await sdkSignature(first!, 'eu-west-1'));
    } finally {
      fake.close();
    }
  });

  it('retries a throttle as the SDK does and names a refusal as the SDK names it', async () => {
    const throttled = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException:ReservedFunctionConcurrentInvocationLimitExceeded' },
      body: '{"Type":"User","message":"Rate Exceeded."}',
    };
    const fake = await fakeLambda([
      throttled,
      { status: 200, body: '{}' },
      {
        status: 404,
        headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
        body: '{"Message":"Function not found: nope"}',
      },
      throttled,
      throttled,
      throttled,
    ]);
    try {
      const lambda = new LambdaInvoke();
      await expect(lambda.invoke('local-Worker', 'Event', '{}')).resolves.toEqual({ payload: '{}' });
      expect(fake.seen).toHaveLength(2);
      await expect(lambda.invoke('nope', 'Event', '{}')).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Function not found: nope',
        $metadata: { httpStatusCode: 404, requestId: 'req-1', attempts: 1 },
      });
      await expect(lambda.invoke('local-Worker', 'Event', '{}')).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        message: 'Rate Exceeded.',
        $metadata: { attempts: 3 },
      });
      expect(fake.seen).toHaveLength(6);
    } finally {
      fake.close();
    }
  });

  it('finds its endpoint as the SDK does', () => {
    expect(serviceEndpoint('lambda', { AWS_REGION: 'eu-west-1' }).url.href).toBe(
      'https://lambda.eu-west-1.amazonaws.com/',
    );
    expect(serviceEndpoint('lambda', { AWS_REGION: 'cn-north-1' }).url.host).toBe('lambda.cn-north-1.amazonaws.com.cn');
    expect(
      serviceEndpoint('lambda', { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2' }).url.host,
    ).toBe('a:1');
    expect(
      serviceEndpoint('lambda', { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_LAMBDA: 'http://c:3' }).url.host,
    ).toBe('c:3');
  });
});
