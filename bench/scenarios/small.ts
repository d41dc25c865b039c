import { join } from 'node:path';
import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { startReference } from '../references/start-reference';
import { projectRoot, startProjectRuntime, startRuntimeProcess } from '../runtime-process';
import { percentile } from '../stats';
import { cpuPerUnit, processCpu } from '../thread-cpu';
import { timeBroadcast } from './fanout';

/**
 * ours (a small index: one Scan); ours reading by Queries as a larger index is read (README "Scale":
 * a Query per shard); (a) a minimal server that POSTs per recipient; (b) the seed's design: one Scan,
 * one unsigned POST per client, in one process; (b′) the same design as Lambda functions on this
 * runtime (`bench/projects/seed`), which pay what ours pays for being Lambda functions.
 */
export type SmallSystem = 'ours' | 'oursQueries' | 'post' | 'seed' | 'seedFunctions';

export const SEED_PROJECT = join(projectRoot, 'bench', 'projects', 'seed');

/** How the `oursQueries` system is started: the Scan of a small index turned off. */
export const QUERIES_ONLY = 'IndexScanItems=0';

export interface SmallRun {
  system: SmallSystem;
  n: number;
  /** POST to the last receipt, per broadcast after the first (ms): `broadcasts` of them. */
  ms: number[];
  p50: number;
  p90: number;
  /**
   * The same many again, right after (ms): on a fresh runtime the first few dozen run while V8 is
   * still compiling the hot paths of every thread, so this is nearer what a runtime that has
   * served for a while gives.
   */
  laterMs: number[];
  laterP50: number;
  laterP90: number;
  /**
   * As many again after `settle` more (ms), unless `settle` is 0: nearer a runtime that has served
   * for a while, so that the windows before tell warm-up apart from what every broadcast costs.
   */
  settledMs?: number[];
  settledP50?: number;
  settledP90?: number;
  /** The first broadcast after start (cold functions for ours). */
  firstMs: number;
  missed: number;
  duplicates: number;
  /** Ours only: the broadcast function's invocations timed in `ms`, as the runtime logs them (medians, ms). */
  functionMs?: number;
  functionCpuMs?: number;
  /** Ours, Linux: CPU of the runtime's main thread (gateway and store) and of all its threads per broadcast timed in `ms` (µs). */
  runtimeCpu?: { mainUs: number; allUs: number };
}

const PAD = 'x'.repeat(1024);

async function start(system: SmallSystem, invocations: { ms: number; cpuMs: number }[]) {
  if (system === 'ours' || system === 'oursQueries') {
    const queries = system === 'oursQueries' ? ['--parameter-overrides', QUERIES_ONLY] : [];
    const runtime = await startRuntimeProcess(['--log-level', 'INFO', ...queries], undefined, (line) => {
      const invoke = /invoke fn=BroadcastFunction .* ms=([\d.]+) .*cpuMs=([\d.]+)/.exec(line);
      if (invoke) invocations.push({ ms: Number(invoke[1]), cpuMs: Number(invoke[2]) });
    });
    return {
      stop: runtime.stop,
      wsUrl: runtime.webSocketUrl,
      postUrl: `${runtime.httpUrl}/development/broadcast`,
      pid: runtime.child.pid,
    };
  }
  if (system === 'seedFunctions') {
    // At ours' level, so that both runtimes log the same lines.
    const runtime = await startProjectRuntime(SEED_PROJECT, ['--log-level', 'INFO']);
    return {
      stop: runtime.stop,
      wsUrl: runtime.webSocketUrl,
      postUrl: `${runtime.httpUrl}/Prod/broadcast`,
      pid: runtime.child.pid,
    };
  }
  const reference = await startReference(system === 'post' ? 'post-per-connection' : 'scan-and-post');
  const base = `127.0.0.1:${reference.port}`;
  return { stop: reference.stop, wsUrl: `ws://${base}`, postUrl: `http://${base}/broadcast`, pid: undefined };
}

/**
 * One broadcast, then `broadcasts` one after another and as many again, to `n` clients: what a
 * comments app mostly sends. With `settle`, `settle` more unmeasured and then `broadcasts` again.
 */
export async function smallBroadcasts(
  system: SmallSystem,
  n: number,
  broadcasts: number,
  progress: Progress,
  settle = 0,
): Promise<SmallRun> {
  const fleet = new Fleet();
  const invocations: { ms: number; cpuMs: number }[] = [];
  const { stop, wsUrl, postUrl, pid } = await start(system, invocations);
  const body = (marker: string) => ({ type: 'bench', data: { marker, pad: PAD } });
  try {
    progress.update(`small ${system} N=${n}: connecting`);
    await fleet.open(wsUrl, n);
    const ms: number[] = [];
    const laterMs: number[] = [];
    let firstMs = 0;
    let missed = 0;
    let duplicates = 0;
    let before: ReturnType<typeof processCpu>;
    let cpu: SmallRun['runtimeCpu'];
    for (let i = 0; i <= 2 * broadcasts; i++) {
      if (i === 1 && pid !== undefined) before = processCpu(pid);
      progress.update(`small ${system} N=${n}: ${i === 0 ? 'first' : `${i}/${2 * broadcasts}`}`);
      const run = await timeBroadcast(fleet, n, postUrl, body, 10_000);
      missed += run.missed;
      duplicates += run.duplicates;
      if (i === 0) firstMs = run.ms;
      else (i <= broadcasts ? ms : laterMs).push(run.ms);
      if (i === broadcasts && pid !== undefined) cpu = cpuPerUnit(before, processCpu(pid), broadcasts);
    }
    const settledMs: number[] = [];
    const total = settle > 0 ? settle + broadcasts : 0;
    for (let i = 1; i <= total; i++) {
      if (i % 50 === 0) progress.update(`small ${system} N=${n}: settling ${i}/${total}`);
      const run = await timeBroadcast(fleet, n, postUrl, body, 10_000);
      missed += run.missed;
      duplicates += run.duplicates;
      if (i > settle) settledMs.push(run.ms);
    }
    const warm = invocations.slice(1, broadcasts + 1);
    const median = (pick: (invocation: { ms: number; cpuMs: number }) => number) =>
      warm.length > 0 ? percentile(warm.map(pick), 0.5) : undefined;
    return {
      system,
      n,
      ms,
      p50: percentile(ms, 0.5),
      p90: percentile(ms, 0.9),
      laterMs,
      laterP50: percentile(laterMs, 0.5),
      laterP90: percentile(laterMs, 0.9),
      ...(settle > 0 && {
        settledMs,
        settledP50: percentile(settledMs, 0.5),
        settledP90: percentile(settledMs, 0.9),
      }),
      firstMs,
      missed,
      duplicates,
      functionMs: median((invocation) => invocation.ms),
      functionCpuMs: median((invocation) => invocation.cpuMs),
      runtimeCpu: cpu,
    };
  } finally {
    await fleet.close();
    await stop();
  }
}
