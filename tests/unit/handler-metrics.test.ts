import type * as Shared from '@comments-websocket/shared';
import type { Context } from 'aws-lambda';

// On for this file (the setup turns metric lines off): set before the layer's core is loaded.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
// Lambda sets it in an on-demand environment; Powertools reports a cold start only there.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
const { metrics, recordPartResumed, withMetrics } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@comments-websocket/shared') as typeof Shared;

/** The embedded-metric-format lines printed while `act` runs. */
async function emfLines(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    await act().catch(() => undefined);
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((line) => line.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const context = { functionName: 'comments-websocket-dev-ConnectFunction-abc' } as Context;

it('records a cold start on the first invocation of an environment only, with the function name', async () => {
  const handler = withMetrics(async () => 'ok');
  const first = await emfLines(() => handler({}, context));
  expect(first).toEqual([
    expect.objectContaining({ ColdStart: 1, function_name: context.functionName, service: 'comments-websocket' }),
  ]);
  expect(await emfLines(() => handler({}, context))).toEqual([]);
});

it("flushes what a failing invocation stored, and still throws the handler's error", async () => {
  const failure = new Error('table unavailable');
  const handler = withMetrics(async () => {
    metrics.addMetric('BroadcastRecipients', 'Count', 7);
    throw failure;
  });
  let thrown: unknown;
  const lines = await emfLines(() => handler({}, context).catch((error: unknown) => (thrown = error)));
  expect(thrown).toBe(failure);
  expect(lines).toEqual([expect.objectContaining({ BroadcastRecipients: 7 })]);
  expect(metrics.hasStoredMetrics()).toBe(false);
});

it('counts a fan-out part taken up from the failure destination, with its condition', async () => {
  const [line] = await emfLines(async () => recordPartResumed('EventAgeExceeded'));
  expect(line).toMatchObject({ FanoutPartsResumed: 1, condition: 'EventAgeExceeded', service: 'comments-websocket' });
});
