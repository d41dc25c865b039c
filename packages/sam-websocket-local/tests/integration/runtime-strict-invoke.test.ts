import { join } from 'node:path';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../src/runtime/gateway/sigv4-verifier';
import { startRuntime, type TestRuntime } from '../support/runtime';

/** --strict-auth on Lambda's Invoke API, signatures' credential scope, and Lambda's 404 for foreign ARNs. */
const fixture = join(__dirname, '..', 'fixtures', 'projects', 'async-invoke');
const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key' };

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startRuntime({ template: fixture, strictAuth: credentials });
}, 60_000);
afterAll(() => runtime?.close(), 60_000);

const lambdaAs = (region: string, keys = credentials) =>
  new LambdaClient({ endpoint: runtime.httpUrl, region, credentials: keys, maxAttempts: 1 });

async function signedFor(path: string, region: string, service: string) {
  const url = new URL(`${runtime.httpUrl}${path}`);
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json' },
    body: '{}',
  });
  return fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body: '{}' });
}

const INVOKE = '/2015-03-31/functions/local-Flaky/invocations';

describe('--strict-auth on the Invoke API', () => {
  it('runs a call signed for Lambda in this region', async () => {
    const lambda = lambdaAs('us-east-1');
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'local-Flaky', Payload: '{"id":"signed"}' }));
    expect(JSON.parse(Buffer.from(answer.Payload!).toString())).toEqual({ done: 'signed' });
    lambda.destroy();
  });

  it("refuses an unsigned call with Lambda's 403, and the function does not run", async () => {
    const runs = () => runtime.log.lines.filter((line) => line.includes('fn=Flaky')).length;
    const before = runs();
    const response = await fetch(`${runtime.httpUrl}${INVOKE}`, { method: 'POST', body: '{"id":"unsigned"}' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(runs()).toBe(before);
  });

  it('refuses a signature scoped to another region or service, in AWS words', async () => {
    const otherRegion = await signedFor(INVOKE, 'eu-west-1', 'lambda');
    expect(otherRegion.status).toBe(403);
    expect(await otherRegion.json()).toEqual({
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
    const otherService = await signedFor(INVOKE, 'us-east-1', 'execute-api');
    expect(otherService.status).toBe(403);
    expect(await otherService.json()).toEqual({ message: "Credential should be scoped to correct service: 'lambda'." });
  });

  it('checks the scope on @connections too', async () => {
    const response = await signedFor('/dev/@connections/AAAA', 'us-east-1', 'lambda');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      message: "Credential should be scoped to correct service: 'execute-api'.",
    });
  });
});

describe('functions Lambda would not find', () => {
  it.each([
    'arn:aws:lambda:eu-west-1:000000000000:function:local-Flaky',
    'arn:aws:lambda:us-east-1:111111111111:function:local-Flaky',
    'arn:aws-cn:lambda:us-east-1:000000000000:function:local-Flaky',
    '111111111111:function:local-Flaky',
    'local-Flaky:live',
    'arn:aws:lambda:us-east-1:000000000000:function:local-Flaky:7',
  ])('%s answers 404 ResourceNotFoundException', async (name) => {
    const lambda = lambdaAs('us-east-1');
    await expect(lambda.send(new InvokeCommand({ FunctionName: name }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    lambda.destroy();
  });

  it('finds the function by its own ARN, with or without $LATEST', async () => {
    const lambda = lambdaAs('us-east-1');
    for (const name of [
      'arn:aws:lambda:us-east-1:000000000000:function:local-Flaky',
      'arn:aws:lambda:us-east-1:000000000000:function:local-Flaky:$LATEST',
      '000000000000:function:local-Flaky',
    ]) {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: '{"id":"arn"}' }));
      expect(JSON.parse(Buffer.from(answer.Payload!).toString())).toEqual({ done: 'arn' });
    }
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'local-Flaky', Qualifier: 'live' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    lambda.destroy();
  });
});
