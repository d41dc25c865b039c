import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { startReference } from '../references/start-reference';
import { startRuntimeProcess } from '../runtime-process';
import { percentile } from '../stats';
import { timeBroadcast } from './fanout';

/** ours; (a) a minimal server that POSTs per recipient; (b) the seed's design: one Scan, one unsigned POST per client. */
export type SmallSystem = 'ours' | 'post' | 'seed';

export interface SmallRun {
  system: SmallSystem;
  n: number;
  /** POST to the last receipt, per broadcast after the warm-up (ms). */
  ms: number[];
  p50: number;
  p90: number;
  /** The first broadcast after start (cold functions for ours). */
  firstMs: number;
  missed: number;
  duplicates: number;
}

const PAD = 'x'.repeat(1024);

async function start(system: SmallSystem) {
  if (system === 'ours') {
    const runtime = await startRuntimeProcess();
    return { stop: runtime.stop, wsUrl: runtime.webSocketUrl, postUrl: `${runtime.httpUrl}/development/broadcast` };
  }
  const reference = await startReference(system === 'post' ? 'post-per-connection' : 'scan-and-post');
  const base = `127.0.0.1:${reference.port}`;
  return { stop: reference.stop, wsUrl: `ws://${base}`, postUrl: `http://${base}/broadcast` };
}

/** `broadcasts` one-after-another broadcasts to `n` clients: what a comments app mostly sends. */
export async function smallBroadcasts(
  system: SmallSystem,
  n: number,
  broadcasts: number,
  progress: Progress,
): Promise<SmallRun> {
  const fleet = new Fleet();
  const { stop, wsUrl, postUrl } = await start(system);
  const body = (marker: string) => ({ type: 'bench', data: { marker, pad: PAD } });
  try {
    progress.update(`small ${system} N=${n}: connecting`);
    await fleet.open(wsUrl, n);
    const ms: number[] = [];
    let firstMs = 0;
    let missed = 0;
    let duplicates = 0;
    for (let i = 0; i <= broadcasts; i++) {
      progress.update(`small ${system} N=${n}: ${i === 0 ? 'first' : `${i}/${broadcasts}`}`);
      const run = await timeBroadcast(fleet, n, postUrl, body, 10_000);
      missed += run.missed;
      duplicates += run.duplicates;
      if (i === 0) firstMs = run.ms;
      else ms.push(run.ms);
    }
    return { system, n, ms, p50: percentile(ms, 0.5), p90: percentile(ms, 0.9), firstMs, missed, duplicates };
  } finally {
    await fleet.close();
    await stop();
  }
}
