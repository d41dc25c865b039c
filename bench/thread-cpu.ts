import { readFileSync, readdirSync } from 'node:fs';

/** Linux's USER_HZ, the unit of the CPU times in /proc: 100 on every architecture Node runs on there. */
const TICKS_PER_SECOND = 100;

/** CPU time (ms) of a process so far: its main thread's, and all its threads' (those alive now). */
export interface ProcessCpu {
  mainMs: number;
  allMs: number;
}

/**
 * Read from /proc, so Linux only (undefined elsewhere). For our runtime the main thread is the
 * gateway (HTTP, WebSocket frames, @connections) and the embedded store; the other threads are the
 * function instances and V8's compiler and collector. A thread that ended since the last reading
 * takes its CPU with it: compare readings between which instances live on.
 */
export function processCpu(pid: number): ProcessCpu | undefined {
  try {
    let mainMs = 0;
    let allMs = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from the 3rd: utime is the 14th, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      allMs += ms;
      if (Number(task) === pid) mainMs = ms;
    }
    return { mainMs, allMs };
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
