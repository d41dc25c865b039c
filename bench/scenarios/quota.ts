import { randomUUID } from 'node:crypto';
import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { startRuntimeProcess } from '../runtime-process';

export interface QuotaRun {
  clients: number;
  /** The runtime's account throttle, requests/s (burst: a tenth of it). */
  rate: number;
  ms: number;
  /** Distinct clients reached per second, against the throttle's rate. */
  achievedPerSecond: number;
  ofRate: number;
  status: number;
  delivered: number;
  failed: number;
  throttled: number;
  missed: number;
  duplicates: number;
  /** Continuations the broadcast needed after its answer (202), 0 when it answered 200. */
  continued: boolean;
  /** The first broadcast after start (no code hot yet; some parts start their instance), or one after it. */
  round: 'first' | 'warm';
  /** Distinct clients reached in each 250 ms after the request was sent. */
  timeline: number[];
}

const PAD = 'x'.repeat(1024);

/**
 * Two broadcasts to `clients` under an account throttle of `rate` requests/s, the first after
 * start and a second one: how close the fan-out gets to the quota, and whether anyone is missed.
 * With `timeoutSeconds` small each broadcast outlasts its function and must finish asynchronously.
 */
export async function quota(
  clients: number,
  rate: number,
  progress: Progress,
  timeoutSeconds?: number,
): Promise<QuotaRun[]> {
  const overrides = timeoutSeconds
    ? ['--parameter-overrides', `BroadcastTimeout=${timeoutSeconds} FanoutWorkerTimeout=${timeoutSeconds}`]
    : [];
  const runtime = await startRuntimeProcess([
    '--throttle-rate',
    String(rate),
    '--throttle-burst',
    String(Math.max(1, Math.round(rate / 10))),
    ...overrides,
  ]);
  const fleet = new Fleet();
  try {
    progress.update(`quota: opening ${clients}`);
    await fleet.open(runtime.webSocketUrl, clients, 500);
    // Warm the broadcast function with a request it refuses (400: nothing sent) and the worker with
    // eight empty plans through the Invoke API. Calls that short get about as many instances as the
    // machine has cores (the runtime's README, "Instances"): the first round starts the others, cold.
    await fetch(`${runtime.httpUrl}/development/broadcast`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${runtime.httpUrl}/2015-03-31/functions/local-FanoutWorkerFunction/invocations`, {
          method: 'POST',
          body: JSON.stringify({ plan: [], payload: '' }),
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const runs: QuotaRun[] = [];
    for (const round of ['first', 'warm'] as const) {
      progress.update(`quota: broadcasting to ${clients} at ${rate}/s (${round})`);
      runs.push({ ...(await measure(runtime.httpUrl, fleet, clients, rate)), round });
    }
    return runs;
  } finally {
    await fleet.close();
    await runtime.stop();
  }
}

/** One broadcast to every client, timed from the request to the last client's receipt. */
async function measure(httpUrl: string, fleet: Fleet, clients: number, rate: number): Promise<Omit<QuotaRun, 'round'>> {
  const marker = `q-${randomUUID()}`;
  const started = performance.now();
  const receipt = fleet.expect(marker, clients, Math.max(120_000, (clients / rate) * 4000));
  const response = await fetch(`${httpUrl}/development/broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'bench', data: { marker, pad: PAD } }),
  });
  let report = (await response.json()) as Record<string, unknown>;
  const { lastAt, received, duplicates, timeline } = await receipt;
  if (response.status === 202) report = await finalReport(httpUrl, String(report.broadcastId));
  const ms = lastAt - started;
  return {
    clients,
    rate,
    ms,
    achievedPerSecond: received / (ms / 1000),
    ofRate: received / (ms / 1000) / rate,
    status: response.status,
    delivered: Number(report.delivered),
    failed: Number(report.failed),
    throttled: Number(report.throttled),
    missed: clients - received,
    duplicates,
    continued: response.status === 202,
    timeline,
  };
}

/** Polls GET /broadcasts/{id} until the broadcast says it is complete (10 minutes at most). */
async function finalReport(httpUrl: string, broadcastId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 600_000;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    const response = await fetch(`${httpUrl}/development/broadcasts/${broadcastId}`);
    if (response.ok) {
      last = (await response.json()) as Record<string, unknown>;
      if (last.complete) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}
