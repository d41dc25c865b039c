import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';

/**
 * Lambda's asynchronous invocation over the real runtime: retries, event age, destinations with the
 * invocation record, reserved concurrency and killed invocations. The fixture's Recorder function
 * stores every record it gets, so these tests read what a destination received.
 */
const fixture = join(__dirname, '..', 'fixtures', 'projects', 'async-invoke');
// A Lambda minute is 300 ms here: retries come 300 and 600 ms apart, a 60 s event age is 300 ms.
const TIME_SCALE = 0.005;

interface StoredRecord {
  version: string;
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  requestPayload: Record<string, unknown>;
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: Record<string, unknown>;
}

let runtime: TestRuntime;
let lambda: LambdaClient;

beforeAll(async () => {
  runtime = await startRuntime({
    template: fixture,
    // The template's ApplicationLogLevel decides here (--log-level would override it).
    functionLogLevel: undefined,
    asyncTimeScale: TIME_SCALE,
    crashInvocations: [{ functionId: 'Crashy', count: 2, afterMs: 300 }],
  });
  lambda = new LambdaClient({
    endpoint: runtime.httpUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}, 120_000);
afterAll(async () => {
  lambda?.destroy();
  await runtime?.close();
}, 60_000);

const records = () => recordsOf(runtime);

async function recordsOf(stack: TestRuntime): Promise<Map<string, StoredRecord>> {
  const { Items = [] } = await stack.dynamo.send(new ScanCommand({ TableName: 'fixture-records' }));
  return new Map(Items.map((item) => [item.id!.S!, JSON.parse(item.record!.S!) as StoredRecord]));
}

/** The record the Recorder stored for this request and condition, once it is there. */
async function recordOf(requestId: string, condition: string): Promise<StoredRecord> {
  let found: StoredRecord | undefined;
  await eventually(async () => (found = (await records()).get(`${requestId}/${condition}`)) !== undefined);
  return found!;
}

const attemptsOf = (requestId: string) =>
  runtime.log.lines.filter((line) => line.includes('invoke fn=') && line.includes(`requestId=${requestId}`));

async function invokeEvent(functionName: string, payload: unknown): Promise<string> {
  const answer = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify(payload) }),
  );
  expect(answer.StatusCode).toBe(202);
  return answer.$metadata.requestId!;
}

describe('asynchronous invocation', () => {
  it("retries a failing event MaximumRetryAttempts times, then sends AWS's invocation record to OnFailure", async () => {
    const requestId = await invokeEvent('local-Flaky', { fail: true, id: 'f1' });

    const record = await recordOf(requestId, 'RetriesExhausted');

    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-Flaky:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      requestPayload: { fail: true, id: 'f1' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'TypeError', errorMessage: 'boom f1', trace: expect.any(Array) },
    });
    expect(attemptsOf(requestId)).toHaveLength(2);
  });

  it("sends a success to OnSuccess with the function's answer", async () => {
    const requestId = await invokeEvent('local-Flaky', { id: 's1' });

    const record = await recordOf(requestId, 'Success');

    expect(record.requestContext).toMatchObject({ condition: 'Success', approximateInvokeCount: 1 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    expect(record.responsePayload).toEqual({ done: 's1' });
  });

  it('drops an event that waited longer than MaximumEventAgeInSeconds for a reserved slot', async () => {
    // Slow may run one at a time: the first event holds the slot far longer than the second may wait.
    const holder = await invokeEvent('local-Slow', { ms: 4000 });
    const late = await invokeEvent('local-Slow', { ms: 0, id: 'late' });

    const record = await recordOf(late, 'EventAgeExceeded');

    expect(record.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 0 });
    expect(record.requestPayload).toEqual({ ms: 0, id: 'late' });
    expect(record.responseContext).toBeUndefined();
    expect(attemptsOf(late)).toHaveLength(0);
    // The holder still runs, once: later tests need Slow's slot free.
    await eventually(() => attemptsOf(holder).length === 1);
  });

  it('follows an AWS::Lambda::EventInvokeConfig whose failure destination is the function itself', async () => {
    const requestId = await invokeEvent('fixture-looper', { id: 'loop1' });

    let looped: StoredRecord | undefined;
    await eventually(async () => (looped = (await records()).get('looped/loop1')) !== undefined);

    expect(looped!.requestContext).toMatchObject({
      requestId,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fixture-looper:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    });
    expect(looped!.responsePayload).toMatchObject({ errorMessage: 'first pass of loop1' });
  });
});

describe('reserved concurrency', () => {
  it("answers a synchronous invoke over the cap with Lambda's 429 TooManyRequestsException", async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'local-Throttled' }))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'local-Throttled' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 429 },
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
  });

  it('answers a REST route whose function is throttled as API Gateway does: 500 Internal server error', async () => {
    const response = await fetch(`${runtime.httpUrl}/Prod/throttled`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
  });

  it('lets a synchronous invoke through under the cap, and refuses it while the only slot is taken', async () => {
    const first = await lambda.send(new InvokeCommand({ FunctionName: 'local-Slow', Payload: '{"ms":0}' }));
    expect(JSON.parse(Buffer.from(first.Payload!).toString())).toEqual({ slept: 0 });
    const holding = lambda.send(
      new InvokeCommand({ FunctionName: 'local-Slow', Payload: JSON.stringify({ ms: 3000, mark: 'hold' }) }),
    );
    await eventually(async () => (await records()).has('started/hold'));
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'local-Slow' }))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
    expect((await holding).StatusCode).toBe(200);
  });

  it('sends asynchronous events of a function reserved to 0 straight to OnFailure, without retries, as Lambda does', async () => {
    const requestId = await invokeEvent('local-Throttled', { id: 't1' });

    const record = await recordOf(requestId, 'RetriesExhausted');

    expect(record.requestContext.approximateInvokeCount).toBe(0);
    expect(record.responseContext).toBeUndefined();
    expect(attemptsOf(requestId)).toHaveLength(0);
  });
});

describe('--crash-invocations', () => {
  it('kills the next invocations mid-run as a dead runtime, sync and async, then runs normally', async () => {
    const crashed = await lambda.send(new InvokeCommand({ FunctionName: 'local-Crashy', Payload: '{"ms":20000}' }));
    expect(crashed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(crashed.Payload!).toString())).toMatchObject({ errorType: 'Runtime.ExitError' });

    const requestId = await invokeEvent('local-Crashy', { ms: 20000 });
    const record = await recordOf(requestId, 'RetriesExhausted');
    expect(record.requestContext.approximateInvokeCount).toBe(1);
    expect(record.responsePayload).toMatchObject({ errorType: 'Runtime.ExitError' });

    const survived = await lambda.send(new InvokeCommand({ FunctionName: 'local-Crashy', Payload: '{"ms":0}' }));
    expect(JSON.parse(Buffer.from(survived.Payload!).toString())).toEqual({ survived: true });
  });
});

describe('stopping the runtime', () => {
  it('drops events still queued (waiting for a slot or a retry) instead of waiting for them', async () => {
    const other = await startRuntime({ template: fixture });
    // Lambda's own clock: the retry would come a minute later, and the second Slow event waits for
    // the slot the first holds (Slow's reserved concurrency is 1) for up to its 60 s event age.
    const retrying = other.invokeAsync('Flaky', { fail: true, id: 'retrying' });
    other.invokeAsync('Slow', { ms: 2000, mark: 'holder' });
    const waiting = other.invokeAsync('Slow', { ms: 0, id: 'waiting' });
    const ran = (requestId: string) => other.log.lines.some((line) => line.includes(`requestId=${requestId}`));
    await eventually(async () => ran(retrying) && (await recordsOf(other)).has('started/holder'));
    await other.close();
    expect(ran(waiting)).toBe(false);
    expect(other.log.lines.filter((line) => line.includes(`requestId=${retrying}`))).toHaveLength(1);
  });
});

describe('LoggingConfig and the Lambda environment', () => {
  it('gives the function the variables Lambda and SAM CLI set, and its log group', async () => {
    const { outcome } = await runtime.invoke('Logging', {});
    expect(outcome.ok).toBe(true);
    const { env, logGroupName } = (outcome as { result: { env: Record<string, string>; logGroupName: string } }).result;
    expect(env).toMatchObject({
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
      AWS_LAMBDA_LOG_GROUP_NAME: 'local-FunctionLogs',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_SAM_LOCAL: 'true',
      IS_OFFLINE: 'true',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    });
    expect(logGroupName).toBe('local-FunctionLogs');
  });
});
