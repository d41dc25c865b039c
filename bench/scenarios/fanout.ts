import { randomUUID } from 'node:crypto';
import { Fleet } from '../fleet';
import { startReference } from '../references/start-reference';
import { startRuntimeProcess } from '../runtime-process';
import type { Progress } from '../progress';
import { cpuPerUnit, processCpu } from '../thread-cpu';

export interface FanoutRun {
  ms: number;
  received: number;
  missed: number;
  duplicates: number;
  report?: Record<string, unknown>;
  /**
   * CPU of the functions' threads per recipient (µs): the broadcast function's and, for a broadcast
   * split into parts, every fan-out worker's, from the runtime's invoke lines.
   */
  functionUsPerRecipient?: number;
  /** Ours, Linux: CPU of the runtime's main thread (gateway and store), and of all its threads, per recipient (µs). */
  runtimeCpu?: { mainUs: number; allUs: number };
}

const PAD = 'x'.repeat(1024);

/** POSTs one ~1 KB message and times until the last of `n` clients has it. */
export async function timeBroadcast(
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
  warmups = 1,
  timeoutMs = 60_000,
): Promise<FanoutRun[]> {
  const fleet = new Fleet();
  let stop: () => Promise<void>;
  let wsUrl: string;
  let postUrl: string;
  let body: (marker: string) => unknown;
  let pid: number | undefined;
  const cpuMs: number[] = [];
  if (system === 'ours') {
    // Worker parts end (and are logged) before the broadcast function that waits for them.
    let partsMs = 0;
    const runtime = await startRuntimeProcess(['--log-level', 'INFO'], undefined, (line) => {
      const cpu = /invoke fn=(BroadcastFunction|FanoutWorkerFunction) .*cpuMs=([\d.]+)/.exec(line);
      if (!cpu) return;
      partsMs += Number(cpu[2]);
      if (cpu[1] === 'BroadcastFunction') {
        cpuMs.push(partsMs);
        partsMs = 0;
      }
    });
    stop = runtime.stop;
    pid = runtime.child.pid;
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
    for (let run = 0; run < warmups + runs; run++) {
      const measured = run - warmups + 1;
      progress.update(
        `${system} N=${n}: ${measured < 1 ? `warm-up ${run + 1}/${warmups}` : `run ${measured}/${runs}`}`,
      );
      const before = pid === undefined ? undefined : processCpu(pid);
      const result = await timeBroadcast(fleet, n, postUrl, body, timeoutMs);
      result.runtimeCpu = pid === undefined ? undefined : cpuPerUnit(before, processCpu(pid), n);
      const busy = cpuMs.shift();
      if (busy !== undefined) result.functionUsPerRecipient = (busy * 1000) / n;
      if (measured >= 1) results.push(result);
    }
    return results;
  } finally {
    await fleet.close();
    await stop();
  }
}
