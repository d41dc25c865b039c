import { cpus } from 'node:os';

/** Whether the machine left a core to spare between the last `mark()` and `spare()`. */
export interface SpareCoreProbe {
  /** Starts a new span (a mark not yet judged is dropped: its span began before this wait). */
  mark(): void;
  /** With no mark, or one too recent to judge by, the last verdict (at first: spare). */
  spare(): boolean;
}

/** The shortest span judged: shorter ones say more about the scheduler than about the load. */
export const MIN_SPAN_MS = 20;

/**
 * The machine's idle time so far, summed over its cores (ms); undefined where the platform does not
 * tell it (os.cpus() can be empty): the rule is then the delay alone.
 */
const idleMs = (): number | undefined => {
  const cores = cpus();
  return cores.length === 0 ? undefined : cores.reduce((sum, core) => sum + core.times.idle, 0);
};

/**
 * Judges by the machine's idle time: at least half a core idle over the span. Another instance of
 * a function whose calls are short only helps while it has a core to run on; on a machine that is
 * busy (our threads, or the clients beside us) it adds an isolate to compile and collect for, and
 * takes CPU from the instances already warm (measured on two cores: the echo function's instances
 * scaled out to eight cost 2.6 ms of CPU a message, two cost 0.9 ms).
 */
export function spareCoreProbe(
  idle: () => number | undefined = idleMs,
  now: () => number = () => performance.now(),
): SpareCoreProbe {
  let marked: { at: number; idle: number } | undefined;
  let verdict = true;
  return {
    mark: () => {
      const idleNow = idle();
      marked = idleNow === undefined ? undefined : { at: now(), idle: idleNow };
    },
    spare: () => {
      const spanMs = marked === undefined ? 0 : now() - marked.at;
      if (marked === undefined || spanMs < MIN_SPAN_MS) return verdict;
      verdict = ((idle() ?? Infinity) - marked.idle) / spanMs >= 0.5;
      marked = undefined;
      return verdict;
    },
  };
}
