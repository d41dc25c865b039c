import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of the CPU times in /proc: 100 on every architecture Node runs on there. */
const TICKS_PER_SECOND = 100;

/** CPU time (ms) of a process so far: its main thread's, and all its threads' (ended ones too). */
export interface ProcessCpu {
  mainMs: number;
  allMs: number;
}

/** utime + stime of a /proc stat file (ms). Fields follow the command name, which may hold spaces. */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // From the 3rd field on: utime is the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Read from /proc, so Linux only (undefined elsewhere), in steps of 10 ms per thread: readings are
 * meant to span many broadcasts or messages. For our runtime the main thread is the gateway (HTTP,
 * WebSocket frames, @connections) and the embedded store; the others are the function instances,
 * V8's compiler and collector, and libuv's pool.
 */
export function processCpu(pid: number): ProcessCpu | undefined {
  try {
    return { mainMs: statCpuMs(`/proc/${pid}/task/${pid}/stat`), allMs: statCpuMs(`/proc/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** CPU used between two readings, per unit of work (µs), or undefined without both readings. */
export function cpuPerUnit(before: ProcessCpu | undefined, after: ProcessCpu | undefined, units: number) {
  if (!before || !after || units <= 0) return undefined;
  return {
    mainUs: ((after.mainMs - before.mainMs) * 1000) / units,
    allUs: ((after.allMs - before.allMs) * 1000) / units,
  };
}
