import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 as Sha256 } from '../../src/runtime/gateway/sigv4-verifier';
import { eventually } from '../support/runtime';
import { installPackedCli, type RunningProject, runToExit, startProject } from '../support/packed-cli';
import { HandshakeRefused, TestClient } from '../support/ws-client';
import { packageRoot } from '../support/paths';

/**
 * The packed package run in SAM projects it has never seen (fixtures written for these shapes):
 * each started by its CLI, driven over real sockets, its table checked after the clients leave.
 */
let cli: Awaited<ReturnType<typeof installPackedCli>>;
let project: RunningProject | undefined;

beforeAll(async () => {
  cli = await installPackedCli();
}, 300_000);
afterEach(async () => {
  await project?.stop();
  project = undefined;
});
afterAll(() => cli?.remove());

const start = async (fixture: string, args: string[] = [], env?: NodeJS.ProcessEnv) =>
  (project = await startProject(cli.bin, cli.scratch, fixture, args, env));

async function itemsIn(running: RunningProject): Promise<number> {
  const dynamo = new DynamoDBClient({
    endpoint: running.dynamodbUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { TableNames } = await dynamo.send(new ListTablesCommand({}));
    let total = 0;
    for (const TableName of TableNames ?? [])
      total += (await dynamo.send(new ScanCommand({ TableName, Select: 'COUNT' }))).Count ?? 0;
    return total;
  } finally {
    dynamo.destroy();
  }
}

it('answers --version with the packed package version, and an unknown flag with exit 2', async () => {
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  expect((await runToExit(cli.bin, cli.scratch, 'two-apis', ['--version'])).output.trim()).toBe(version);
  const unknown = await runToExit(cli.bin, cli.scratch, 'two-apis', ['start', '--bogus']);
  expect(unknown).toEqual({ code: 2, output: expect.stringMatching(/Unknown option '--bogus'; .* --help lists/) });
});

it('runs a plain-CodeUri chat app (template.yml, ESM and callback handlers, SimpleTable, endpoint from domainName/stage)', async () => {
  const running = await start('esm-chat');
  expect(running.webSocketUrl).toMatch(/\/prod$/);
  const [alice, bob] = await Promise.all([
    TestClient.connect(running.webSocketUrl),
    TestClient.connect(running.webSocketUrl),
  ]);
  expect(await itemsIn(running)).toBe(2);
  alice.send({ action: 'sendmessage', data: 'hello from alice' });
  expect(await bob.next()).toBe('hello from alice');
  expect(await alice.next()).toBe('hello from alice');
  await Promise.all([alice.close(), bob.close()]);
  await eventually(async () => (await itemsIn(running)) === 0);
});

it('runs a Lambda REQUEST authorizer on $connect and hands its context to later routes', async () => {
  const running = await start('connect-authorizer');
  const url = running.webSocketUrl;
  await expect(TestClient.connect(url)).rejects.toEqual(new HandshakeRefused(401)); // no identity source: the function is not called
  await expect(TestClient.connect(`${url}?token=wrong`)).rejects.toEqual(new HandshakeRefused(401));
  await expect(TestClient.connect(`${url}?token=deny`)).rejects.toEqual(new HandshakeRefused(403));
  const client = await TestClient.connect(`${url}?token=letmein`);
  expect(await client.request({ action: 'whoami' })).toEqual({ user: 'ada', principalId: 'user-1' });
  await client.close();
  expect(running.output()).toMatch(/authorize fn=AuthorizerFunction status=401/);
});

it('runs an AWS::Serverless::WebSocketApi with inline code posting to its execute-api host name', async () => {
  const running = await start('websocketapi-inline');
  expect(running.webSocketUrl).toMatch(/\/default$/);
  const client = await TestClient.connect(running.webSocketUrl);
  client.send('ping');
  expect(await client.next()).toBe('echo: ping');
  await client.close();
});

it('takes function variables from an --env-vars file, as SAM CLI does', async () => {
  const running = await start('websocketapi-inline', ['--env-vars', 'env.json']);
  const client = await TestClient.connect(running.webSocketUrl);
  client.send('ping');
  expect(await client.next()).toBe('overridden: ping');
  await client.close();
});

it('runs Python handlers with boto3, reading a parameter from samconfig.toml', async () => {
  const running = await start('python-handlers');
  const client = await TestClient.connect(running.webSocketUrl);
  client.send('hi');
  expect(await client.next()).toBe('hi there: hi (1 connected, True)');
  // A handler past its Timeout is stopped as Lambda stops it; the caller gets API Gateway's error.
  client.send({ action: 'slow' });
  expect(await client.next()).toMatchObject({ message: 'Internal server error' });
  await eventually(async () => /Task timed out after 1\.00 seconds/.test(running.output()));
  expect(running.output()).toMatch(/slow [0-9a-f-]{36} \S+-SlowFunction 128/);
  client.send('again');
  expect(await client.next()).toBe('hi there: again (1 connected, True)');
  await client.close();
  await eventually(async () => (await itemsIn(running)) === 0);
});

it('lets a function invoke another by name, serves an HttpApi route (payload 2.0) and plain CloudFormation functions', async () => {
  const running = await start('invoke-and-http');
  const client = await TestClient.connect(running.webSocketUrl);
  client.send({ action: 'ask', question: 'life' });
  expect(await client.next()).toEqual({ answer: 42, question: 'life', by: 'fixture-answer' });
  // A plain AWS::Lambda::Function with inline code behind a two-way route; one with code in S3 is named.
  client.send({ action: 'echo', text: 'hi' });
  expect(await client.next()).toBe('echoed hi');
  expect(running.output()).toMatch(/ArchivedFunction will not run locally: its Code is in S3/);
  await client.close();

  const response = await fetch(`${running.httpUrl}/items/7?q=x`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ id: '7', version: '2.0', routeKey: 'GET /items/{id}', q: 'x' });
});

it('checks SigV4 on an AWS_IAM $connect (presigned URL or signed headers) and HTTP route with --strict-auth', async () => {
  const keys = { accessKeyId: 'fixture-key', secretAccessKey: 'fixture-secret' };
  const running = await start('iam-auth', ['--strict-auth'], {
    ...process.env,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
  });
  const url = new URL(running.webSocketUrl);
  expect(url.pathname).toBe('/live');
  const presigned = async (credentials: typeof keys) => {
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
    const request = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        path: url.pathname,
        query: {},
        headers: { host: url.host },
      },
      { expiresIn: 60 },
    );
    return `${running.webSocketUrl}?${new URLSearchParams(request.query as Record<string, string>)}`;
  };
  await expect(TestClient.connect(running.webSocketUrl)).rejects.toEqual(new HandshakeRefused(403));
  await expect(TestClient.connect(await presigned({ ...keys, secretAccessKey: 'wrong' }))).rejects.toEqual(
    new HandshakeRefused(403),
  );
  const good = new URL(await presigned(keys));
  for (const [name, value] of [
    ['X-Amz-Expires', '99999999'],
    ['X-Amz-Credential', 'garbage'],
    ['X-Amz-Date', '20200101T000000Z'],
  ]) {
    const tampered = new URL(good);
    tampered.searchParams.set(name!, value!);
    await expect(TestClient.connect(tampered.toString())).rejects.toEqual(new HandshakeRefused(403));
  }
  const byUrl = await TestClient.connect(good.toString());
  byUrl.send('there');
  expect(await byUrl.next()).toBe('hello there');
  await byUrl.close();

  const signer = new SignatureV4({ credentials: keys, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const signedHandshake = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    path: url.pathname,
    query: {},
    headers: { host: url.host },
  });
  const byHeaders = await TestClient.connect(running.webSocketUrl, signedHandshake.headers);
  await byHeaders.close();

  expect((await fetch(`${running.httpUrl}/status`)).status).toBe(403);
  const signedGet = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    path: '/status',
    query: {},
    headers: { host: url.host },
  });
  const answer = await fetch(`${running.httpUrl}/status`, { headers: signedGet.headers });
  expect(answer.status).toBe(200);
  // A Cognito pool is not emulated: the variable gets its logical id (as SAM CLI gives it), and the start says so.
  expect(await answer.json()).toEqual({ pool: 'Users', word: 'hello' });
  // ApiKeyRequired: no x-api-key is API Gateway's 403; any key passes (valid keys live in usage plans).
  const keyless = await fetch(`${running.httpUrl}/Prod/keyed`);
  expect(keyless.status).toBe(403);
  expect(await keyless.json()).toEqual({ message: 'Forbidden' });
  expect((await fetch(`${running.httpUrl}/Prod/keyed`, { headers: { 'x-api-key': 'any' } })).status).toBe(200);
  expect(running.output()).toMatch(/ReplyFunction: USER_POOL refers to Users \(AWS::Cognito::UserPool\)/);
  expect(running.output()).toMatch(
    /ReplyFunction: layer arn:aws:lambda:us-east-1:123456789012:layer:shared-tools:1 is not in this template/,
  );
});

it('serves the WebSocket API it is told to when a template has several, and asks which otherwise', async () => {
  const options = ['start', '--port', '0', '--host', '127.0.0.1', '--no-watch'];
  const { code, output } = await runToExit(cli.bin, cli.scratch, 'two-apis', options);
  expect(code).toBe(1);
  expect(output).toMatch(
    /declares 2 WebSocket APIs \(ChatApi, AlertsApi\): name the one to serve with --websocket-api/,
  );
  const running = await start('two-apis', ['--websocket-api', 'AlertsApi']);
  expect(new URL(running.webSocketUrl).pathname).toBe('/alerts');
  // ApiKeyRequired on $connect: no x-api-key is API Gateway's 403 (any key passes: valid keys live in usage plans).
  await expect(TestClient.connect(running.webSocketUrl)).rejects.toEqual(new HandshakeRefused(403));
  const client = await TestClient.connect(running.webSocketUrl, { 'x-api-key': 'any' });
  // Globals.WebSocketApi's RouteSelectionExpression ($request.body.kind) selects the route.
  client.send({ kind: 'alert' });
  expect(await client.next()).toBe('alert');
  client.send({ action: 'alert' });
  expect(await client.next()).toBe('$default');
  await client.close();
});

it('refuses at start what it does not emulate, naming the resource, and exits non-zero', async () => {
  const { code, output } = await runToExit(cli.bin, cli.scratch, 'not-emulated', [
    'start',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--no-watch',
  ]);
  expect(code).toBe(1);
  expect(output).toMatch(/HttpProxyRoute \(route "\$default"\): its integration HttpProxyIntegration is HTTP_PROXY/);
  expect(output).toMatch(
    /VtlRoute \(route "send"\): its integration VtlIntegration is AWS to sqs path\/.*only Lambda functions of this template and DynamoDB actions/,
  );
  // Serving a route open whose template guards it would fail in the wrong direction.
  expect(output).toMatch(/GuardedFunction event Secret: authorizer UserPoolAuth/);
  expect(output).toMatch(/ImplicitFunction event Open: authorizer GlobalPoolAuth/);
  expect(output).toMatch(
    /ValidatedRoute \(route "validated"\): request validation models \(RequestModels\) are not emulated/,
  );
});
