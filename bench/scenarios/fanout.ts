import { randomUUID } from 'node:crypto';
import { Fleet } from '../fleet';
import { startReference } from '../references/start-reference';
import { startRuntimeProcess } from '../runtime-process';
import type { Progress } from '../progress';

export interface FanoutRun {
  ms: number;
  received: number;
  missed: number;
  duplicates: number;
  report?: Record<string, unknown>;
  /** Busy time of the broadcast function's thread per recipient (µs), from the runtime's invoke line. */
  functionUsPerRecipient?: number;
}

const PAD = 'x'.repeat(1024);

/** POSTs one ~1 KB message and times until the last of `n` clients has it. */
async function timeBroadcast(
  fleet: Fleet,
  n: number,
  url: string,
  body: (marker: string) => unknown,
  timeoutMs: number,
): Promise<FanoutRun> {
  const marker = `m-${randomUUID()}`;
  const started = performance.now();
  const receipt = fleet.expect(marker, n, timeoutMs);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body(marker)),
  });
  const report = (await response.json()) as Record<string, unknown>;
  const { lastAt, received, duplicates } = await receipt;
  return {
    ms: (received > 0 ? lastAt : performance.now()) - started,
    received,
    missed: n - received,
    duplicates,
    report,
  };
}

export type System = 'ours' | 'direct' | 'post64';

export async function fanout(
  system: System,
  n: number,
  runs: number,
  progress: Progress,
  timeoutMs = 60_000,
): Promise<FanoutRun[]> {
  const fleet = new Fleet();
  let stop: () => Promise<void>;
  let wsUrl: string;
  let postUrl: string;
  let body: (marker: string) => unknown;
  const activeMs: number[] = [];
  if (system === 'ours') {
    const runtime = await startRuntimeProcess(['--log-level', 'INFO'], undefined, (line) => {
      const busy = /invoke fn=BroadcastFunction .*activeMs=([\d.]+)/.exec(line);
      if (busy) activeMs.push(Number(busy[1]));
    });
    stop = runtime.stop;
    wsUrl = runtime.webSocketUrl;
    postUrl = `${runtime.httpUrl}/development/broadcast`;
    body = (marker) => ({ type: 'bench', data: { marker, pad: PAD } });
  } else {
    const reference = await startReference(system === 'direct' ? 'direct-broadcast' : 'post-per-connection');
    stop = reference.stop;
    wsUrl = `ws://127.0.0.1:${reference.port}`;
    postUrl = `http://127.0.0.1:${reference.port}/broadcast`;
    body = (marker) => ({ type: 'bench', data: { marker, pad: PAD }, timestamp: new Date().toISOString() });
  }
  try {
    progress.update(`${system} N=${n}: connecting`);
    await fleet.open(wsUrl, n);
    const results: FanoutRun[] = [];
    for (let run = 0; run <= runs; run++) {
      progress.update(`${system} N=${n}: ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}`);
      const result = await timeBroadcast(fleet, n, postUrl, body, timeoutMs);
      const busy = activeMs.shift();
      if (busy !== undefined) result.functionUsPerRecipient = (busy * 1000) / n;
      if (run > 0) results.push(result);
    }
    return results;
  } finally {
    await fleet.close();
    await stop();
  }
}
