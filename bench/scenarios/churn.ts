import { readFileSync } from 'node:fs';
import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { startRuntimeProcess } from '../runtime-process';

export interface ChurnRun {
  cycles: number;
  concurrency: number;
  rssStartMb: number;
  rssAfterCyclesMb: number;
  rssAfterIdleMb: number;
  /** The runtime's own JavaScript heap after idling: what it still holds, apart from what the allocator keeps. */
  heapAfterIdleMb: number;
  instancesAfterCycles: number;
  instancesAfterIdle: number;
  connectionsLeft: number;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const stats = async (httpUrl: string) =>
  (await (await fetch(`${httpUrl}/_dev/stats`)).json()) as {
    connections: number;
    functionInstances: number;
    heapUsedBytes: number;
  };

/**
 * `cycles` connect/close cycles, `concurrency` at a time, then idle: does the runtime's memory come
 * back once idle function instances are retired (as Lambda retires idle environments)?
 */
export async function churn(
  cycles: number,
  concurrency: number,
  idleSeconds: number,
  progress: Progress,
): Promise<ChurnRun> {
  const runtime = await startRuntimeProcess(['--instance-idle', String(idleSeconds)]);
  const pid = runtime.child.pid!;
  try {
    const warm = new Fleet();
    await warm.open(runtime.webSocketUrl, 1);
    await warm.close();
    const rssStartMb = rssMb(pid);
    for (let done = 0; done < cycles; done += concurrency) {
      progress.update(`churn: ${done}/${cycles} cycles`);
      const fleet = new Fleet();
      await fleet.open(runtime.webSocketUrl, Math.min(concurrency, cycles - done), concurrency);
      await fleet.close();
    }
    const rssAfterCyclesMb = rssMb(pid);
    const afterCycles = await stats(runtime.httpUrl);
    progress.update(`churn: idling ${idleSeconds * 3} s`);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 3 * 1000));
    const afterIdle = await stats(runtime.httpUrl);
    return {
      cycles,
      concurrency,
      rssStartMb,
      rssAfterCyclesMb,
      rssAfterIdleMb: rssMb(pid),
      heapAfterIdleMb: afterIdle.heapUsedBytes / 2 ** 20,
      instancesAfterCycles: afterCycles.functionInstances,
      instancesAfterIdle: afterIdle.functionInstances,
      connectionsLeft: afterIdle.connections,
    };
  } finally {
    await runtime.stop();
  }
}
