import { Writable } from 'node:stream';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TestIssuer } from '../support/jwt';
import { HandshakeRefused, TestClient } from '../support/ws-client';
import { startRuntime, type TestRuntime } from '../support/runtime';

const issuer = new TestIssuer();
let runtime: TestRuntime;
let functionLogs = '';

beforeAll(async () => {
  await issuer.serve();
  runtime = await startRuntime({
    parameterOverrides: { JwksUrl: issuer.jwksUrl, JwtIssuer: issuer.issuer, JwtAudience: 'comments-web' },
    // Everything logged at the most verbose level, kept for the scan below.
    functionLogLevel: 'DEBUG',
    functionOutput: new Writable({ write: (chunk, _encoding, done) => ((functionLogs += chunk.toString()), done()) }),
  });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  await issuer.close();
});

const url = (token?: string) =>
  token === undefined ? runtime.webSocketUrl : `${runtime.webSocketUrl}?token=${encodeURIComponent(token)}`;
const tokens: string[] = [];
const issue = (claims: Record<string, unknown>, key?: Parameters<TestIssuer['token']>[1]) => {
  const token = issuer.token(claims, key);
  tokens.push(token);
  return token;
};

describe('$connect with token authentication', () => {
  it('accepts a valid token and stores its subject on the connection', async () => {
    const client = await TestClient.connect(url(issue({ sub: 'user-17', aud: 'comments-web' })));
    const connectionId = [...runtime.gateway.connections.keys()].at(-1)!;
    const { Item } = await runtime.dynamo.send(
      new GetItemCommand({
        TableName: runtime.tableNames[0],
        Key: { pk: { S: `conn#${connectionId}` }, sk: { S: '#meta' } },
      }),
    );
    expect(Item?.subject).toEqual({ S: 'user-17' });
    expect(await client.request({ action: 'subscribe', topic: 'post:1' })).toMatchObject({ type: 'subscribed' });
    await client.close();
  });

  it.each([
    ['no token', () => undefined],
    ['a token signed by another key', () => issue({ sub: 'u', aud: 'comments-web' }, TestIssuer.otherKey())],
    ['an expired token', () => issue({ sub: 'u', aud: 'comments-web', exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a token for another audience', () => issue({ sub: 'u', aud: 'someone-else' })],
    ['a token from another issuer', () => issue({ sub: 'u', aud: 'comments-web', iss: 'https://evil.test' })],
    ['garbage', () => 'not.a.jwt'],
    ['a token without an expiry', () => issue({ sub: 'u', aud: 'comments-web', exp: undefined })],
  ])('refuses %s with 401 and stores nothing', async (_case, token) => {
    await expect(TestClient.connect(url(token()))).rejects.toEqual(new HandshakeRefused(401));
    await runtime.gateway.idle();
    expect(await runtime.itemCount()).toBe(0);
  });

  it('logs why each token was refused, in words', () => {
    for (const reason of [
      'missing token',
      'bad signature',
      'expired',
      'wrong audience',
      'wrong issuer',
      'not a JWT',
      'no expiry (exp)',
    ]) {
      expect(functionLogs).toContain(`"reason":"${reason}"`);
    }
  });

  it('never writes a token to any log', async () => {
    await runtime.gateway.idle();
    const everything = `${functionLogs}\n${runtime.log.lines.join('\n')}`;
    expect(everything).toContain('handshake refused: token rejected');
    for (const token of tokens) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(token.split('.')[2]);
    }
  });
});

describe('$connect when the JWKS cannot be reached', () => {
  it('refuses with 503, not 401: the token may be fine', async () => {
    const unreachable = await startRuntime({
      parameterOverrides: { JwksUrl: 'http://127.0.0.1:1/jwks.json', JwtIssuer: issuer.issuer },
    });
    try {
      await expect(TestClient.connect(`${unreachable.webSocketUrl}?token=${issue({ sub: 'u' })}`)).rejects.toEqual(
        new HandshakeRefused(503),
      );
      expect(await unreachable.itemCount()).toBe(0);
    } finally {
      await unreachable.close();
    }
  });
});
