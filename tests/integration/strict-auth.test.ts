import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { TestClient } from '../support/ws-client';
import { NodeSha256 } from 'sam-websocket-local/internal';
import { startRuntime, startRuntimeProcess, type TestRuntime } from '../support/runtime';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key' };
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startRuntime({ strictAuth: credentials });
}, 60_000);
afterAll(() => runtime.close());

async function signedPost(path: string, body: string, secretAccessKey = credentials.secretAccessKey) {
  const url = new URL(`${runtime.httpUrl}${path}`);
  const signer = new SignatureV4({
    credentials: { ...credentials, secretAccessKey },
    // The runtime's region (the project's samconfig): a signature scoped elsewhere is refused, as on AWS.
    region: runtime.project.region ?? 'us-east-1',
    service: 'execute-api',
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  return fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

const body = JSON.stringify({ type: 'comments_list', data: { post_id: '1', comments: [] } });

describe('--strict-auth on AWS_IAM routes', () => {
  it('accepts a correctly signed request', async () => {
    const response = await signedPost('/development/broadcast/comments', body);
    expect(response.status).toBe(200);
  });

  it("refuses an unsigned request with API Gateway's 403", async () => {
    const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a request signed with the wrong secret', async () => {
    const response = await signedPost('/development/broadcast/comments', body, 'not-the-secret');
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/signature we calculated does not match/);
  });
});

describe('--strict-auth on @connections', () => {
  it.each(['POST', 'GET', 'DELETE'])("refuses an unsigned %s with API Gateway's 403", async (method) => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    const response = await fetch(`${runtime.managementEndpoint}/@connections/some-id`, {
      method,
      body: method === 'POST' ? 'hi' : undefined,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(client.received).toEqual([]);
    await client.close();
  });

  it("accepts calls signed by the SDK with the shell's credentials, and the functions' own broadcasts", async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    const management = new ApiGatewayManagementApiClient({
      endpoint: runtime.managementEndpoint,
      region: runtime.project.region ?? 'us-east-1',
      credentials,
    });
    const [id] = [...runtime.gateway.connections.keys()];
    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('signed hello') }));
    expect(await client.next<unknown>((message) => message === 'signed hello')).toBe('signed hello');
    management.destroy();
    const response = await signedPost('/development/broadcast', JSON.stringify({ type: 'strict' }));
    expect(await response.json()).toMatchObject({ delivered: 1, failed: 0 });
    expect(await client.next((message) => (message as { type?: string }).type === 'strict')).toMatchObject({
      type: 'strict',
    });
    await client.close();
  });
});

describe('--strict-auth --profile', () => {
  it("takes the credentials callers must sign with from a profile of the shared files, as the AWS SDK's chain does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-profile-'));
    const profile = { accessKeyId: 'AKIDPROFILETEST', secretAccessKey: 'profile-secret-key' };
    writeFileSync(
      join(dir, 'credentials'),
      `[local-test]\naws_access_key_id = ${profile.accessKeyId}\naws_secret_access_key = ${profile.secretAccessKey}\n`,
    );
    writeFileSync(join(dir, 'config'), '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
    };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_PROFILE;
    const runtime = await startRuntimeProcess(['--strict-auth', '--profile', 'local-test'], env);
    try {
      const url = new URL(`${runtime.httpUrl}/development/broadcast`);
      const region = 'eu-west-1'; // samconfig.toml's region for this project
      const sign = (secretAccessKey: string) =>
        new SignatureV4({
          credentials: { ...profile, secretAccessKey },
          region,
          service: 'execute-api',
          sha256: NodeSha256,
        }).sign({
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          headers: { host: url.host, 'content-type': 'application/json' },
          body: '{"type":"profile"}',
        });
      const post = async (secretAccessKey: string) =>
        (
          await fetch(url, {
            method: 'POST',
            headers: (await sign(secretAccessKey)).headers as Record<string, string>,
            body: '{"type":"profile"}',
          })
        ).status;
      expect(await post(profile.secretAccessKey)).toBe(200);
      expect(await post('another-secret')).toBe(403);
    } finally {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('names the profile when it has no credentials', async () => {
    const env = {
      ...process.env,
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
    };
    await expect(startRuntimeProcess(['--strict-auth', '--profile', 'missing-profile'], env)).rejects.toThrow(
      /--strict-auth needs the credentials callers must sign with \(profile missing-profile\)/,
    );
  }, 120_000);
});
