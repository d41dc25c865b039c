import type * as Shared from '@comments-websocket/shared';

// On for this file (the setup turns metric lines off): set before the layer's core is loaded.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
const { emptyReport, recordBroadcast, recordConnect, recordRefusal } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@comments-websocket/shared') as typeof Shared;

/** What the functions print for CloudWatch: embedded-metric-format lines on stdout. */
function emfLines(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((line) => line.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const metricNames = (line: Record<string, unknown>) =>
  (
    line._aws as {
      CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
    }
  ).CloudWatchMetrics[0]!;

it("records a broadcast's outcome in the app's namespace, with the service dimension", () => {
  const [line] = emfLines(() =>
    recordBroadcast({ ...emptyReport(), recipients: 5, delivered: 3, stale: 1, failed: 1 }, 420, 'completed'),
  );
  const directive = metricNames(line!);
  expect(directive.Namespace).toBe('CommentsWebSocket');
  expect(directive.Dimensions).toEqual([['service']]);
  expect(directive.Metrics.map((metric) => metric.Name)).toEqual(
    expect.arrayContaining([
      'BroadcastRecipients',
      'BroadcastDelivered',
      'BroadcastStale',
      'BroadcastFailed',
      'BroadcastSkipped',
      'BroadcastThrottled',
      'BroadcastsCompleted',
      'BroadcastDuration',
    ]),
  );
  expect(line).toMatchObject({
    service: 'comments-websocket',
    BroadcastRecipients: 5,
    BroadcastDelivered: 3,
    BroadcastStale: 1,
    BroadcastFailed: 1,
    BroadcastDuration: 420,
  });
});

it('records connects, and refusals by reason on their own line', () => {
  const [connect] = emfLines(() => recordConnect());
  expect(connect).toMatchObject({ Connects: 1 });
  const [refusal] = emfLines(() => recordRefusal('Origin'));
  expect(metricNames(refusal!).Dimensions).toEqual([['service', 'Reason']]);
  expect(refusal).toMatchObject({ ConnectsRefused: 1, Reason: 'Origin' });
});
