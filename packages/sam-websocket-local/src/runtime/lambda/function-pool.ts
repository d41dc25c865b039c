import { randomUUID } from 'node:crypto';
import { createInstance, type FunctionInstance, type InstanceOptions, type Outcome } from './function-instance';
import { InstanceOutput } from './instance-output';
import type { WarmContainers } from '../../project/warm-containers';
import type { FunctionError, InvocationContext } from './protocol';
import { MIN_SPAN_MS, type SpareCoreProbe } from './spare-core';

export interface PoolOptions {
  logicalId: string;
  functionName: string;
  arn: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Instances that may run at once; Lambda scales out per concurrent request, we cap it. */
  maxInstances: number;
  /**
   * With `scaleOutDelayMs`: instances started at once for calls that find none idle (the machine's
   * cores, say); past them a call waits for a busy instance, and only the oldest call that has
   * waited `scaleOutDelayMs` gets a new one (one per delay). Without it: every call that finds no
   * idle instance starts one, up to `maxInstances`.
   */
  immediateInstances?: number;
  scaleOutDelayMs?: number;
  /**
   * With `scaleOutDelayMs`: a call that has waited the delay gets a new instance only if the
   * machine had a core to spare meanwhile, unless the function's calls usually outlast the delay.
   */
  spareCore?: SpareCoreProbe;
  /** An instance idle this long is retired, as Lambda retires idle environments (its memory returns). */
  idleRetireMs?: number;
  /**
   * SAM CLI's --warm-containers: EAGER starts and initialises an instance at start-up (and again
   * after each rebuild), LAZY at the first call; both keep the function's last instance however long
   * it idles. Without it instances start at calls and idle ones are retired, as on Lambda.
   */
  warm?: WarmContainers;
  /** Stop an invocation after this long instead of its timeout (debugging: paused at a breakpoint). */
  stopAfterMs?: number;
  /** Milliseconds after which this invocation's instance is to be killed (--crash-invocations), if it is. */
  crashAfterMs?: () => number | undefined;
  /** Where the function's logs would go: LoggingConfig.LogGroup, else /aws/lambda/<name>. */
  logGroupName?: string;
  /** Called for each new instance, so a rebuild or a changed environment takes effect. */
  instanceOptions: () => InstanceOptions;
}

/** On a machine with no core to spare, a call waits at most this many scale-out delays. */
const BUSY_WAIT_LIMIT = 10;

interface Grant {
  instance: FunctionInstance;
  coldStart: boolean;
}

/** A call waiting for an instance, since when (performance.now()). */
interface Waiter {
  since: number;
  grant: (grant: Grant) => void;
}

export interface Invocation {
  requestId: string;
  outcome: Outcome;
  durationMs: number;
  /** Time the function's thread was busy during this invocation (its CPU, or a little more on a busy machine). */
  activeMs?: number;
  /** CPU time of the function's thread during this invocation, where the platform tells it (Linux). */
  cpuMs?: number;
  coldStart: boolean;
  /** What the function wrote during the invocation (bounded; may still grow briefly after the result). */
  logs?: string[];
  /** Resolves once `logs` holds everything the invocation wrote (Node instances count it; others: at once). */
  logsComplete?: Promise<void>;
  /** Refused by the function's reserved concurrency: it never ran (Lambda's 429). */
  throttled?: boolean;
}

/**
 * Resolves once the invocation's `logs` hold all it wrote: an instance's last lines of output can
 * arrive just after its result, so anything that shows the lines with the result waits for this.
 */
export function logsWritten(invocation: Invocation): Promise<void> {
  return invocation.logsComplete ?? new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The instances of one function. A call takes an idle warm instance or starts one (a cold start);
 * past `immediateInstances` it may wait for a busy one, a slow call holding it up by about
 * `scaleOutDelayMs` at most. After `reload()` new calls get instances of the new code while calls
 * in flight finish on the old one.
 */
export class FunctionPool {
  private readonly idle: FunctionInstance[] = [];
  private readonly generationOf = new Map<FunctionInstance, number>();
  private readonly waiting: Waiter[] = [];
  private scaleOutTimer?: NodeJS.Timeout;
  private lastScaleOut = -Infinity;
  /** How long a warm call of this function usually runs (a moving average, ms); unknown at first. */
  private typicalCallMs?: number;
  /** Instances not yet through their first call (a cold start). */
  private readonly starting = new Set<FunctionInstance>();
  private readonly idleTimers = new Map<FunctionInstance, NodeJS.Timeout>();
  private readonly outputOf = new Map<FunctionInstance, InstanceOutput>();
  private generation = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  get arn(): string {
    return this.options.arn;
  }

  async invoke(event: unknown, requestId: string = randomUUID()): Promise<Invocation> {
    const started = performance.now();
    const { instance, coldStart } = await this.acquire();
    const acquired = performance.now();
    const context: InvocationContext = {
      awsRequestId: requestId,
      functionName: this.options.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.options.arn,
      memoryLimitInMB: String(this.options.memoryMb),
      logGroupName: this.options.logGroupName ?? `/aws/lambda/${this.options.functionName}`,
      logStreamName: `local/[$LATEST]${requestId.replace(/-/g, '')}`,
      deadline: Date.now() + this.options.timeoutSeconds * 1000,
    };
    const activeBefore = instance.activeMs();
    const output = this.outputOf.get(instance);
    const logs = output?.begin();
    // The instance takes its next invocation once this one's output is in: its lines stay its own.
    let logsComplete: Promise<void> = Promise.resolve();
    const crashAfterMs = this.options.crashAfterMs?.();
    const crash =
      crashAfterMs === undefined ? undefined : setTimeout(() => void instance.crash(requestId), crashAfterMs);
    try {
      const timeoutMs = this.options.timeoutSeconds * 1000;
      const outcome = await instance.invoke(event, context, timeoutMs, this.options.stopAfterMs ?? timeoutMs);
      if (!coldStart) this.noteCallMs(performance.now() - acquired);
      logsComplete = output?.settled(outcome.outputBytes) ?? logsComplete;
      return {
        requestId,
        outcome,
        coldStart,
        durationMs: performance.now() - started,
        activeMs: instance.activeMs() - activeBefore,
        cpuMs: outcome.cpuMs,
        logs,
        logsComplete: outcome.outputBytes === undefined ? undefined : logsComplete,
      };
    } finally {
      clearTimeout(crash);
      void logsComplete.then(() => this.release(instance));
    }
  }

  /** Calls that usually outlast the delay are not waited for: the wait would only add to them. */
  private worthWaitingFor(delay: number | undefined): delay is number {
    return delay !== undefined && (this.typicalCallMs ?? 0) < delay;
  }

  private noteCallMs(ms: number): void {
    this.typicalCallMs = this.typicalCallMs === undefined ? ms : 0.8 * this.typicalCallMs + 0.2 * ms;
  }

  /** New code: instances started from now on load it; idle old ones go now, busy ones when done. */
  reload(): Promise<FunctionError | undefined> {
    this.generation++;
    for (const instance of this.idle.splice(0)) void this.retire(instance);
    return this.prewarm();
  }

  /**
   * EAGER: one instance of the current code started and through its init now, idle for the first
   * call. An init that fails is answered (the instance goes; the first call tries again, as Lambda
   * retries a failed init).
   */
  async prewarm(): Promise<FunctionError | undefined> {
    if (this.options.warm !== 'EAGER' || this.closed) return undefined;
    const instance = this.spawn();
    const error = await instance.ready;
    if (error) await this.retire(instance);
    else this.release(instance);
    return error;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.scaleOutTimer);
    await Promise.all([...this.generationOf.keys()].map((instance) => this.retire(instance)));
  }

  /** Instances alive now, busy or idle. */
  get instances(): number {
    return this.generationOf.size;
  }

  /** Instances idle now, waiting for a call (or their idle retirement). */
  get idleInstances(): number {
    return this.idle.length;
  }

  describe() {
    const { logicalId, functionName, timeoutSeconds, memoryMb } = this.options;
    return { logicalId, functionName, timeoutSeconds, memoryMb, instances: this.instances };
  }

  private async acquire(): Promise<Grant> {
    const warm = this.idle.pop();
    if (warm) {
      clearTimeout(this.idleTimers.get(warm));
      this.idleTimers.delete(warm);
      return { instance: warm, coldStart: false };
    }
    const { maxInstances, immediateInstances = maxInstances, scaleOutDelayMs } = this.options;
    const immediate = this.worthWaitingFor(scaleOutDelayMs) ? Math.min(maxInstances, immediateInstances) : maxInstances;
    if (this.generationOf.size < immediate) return { instance: this.spawn(), coldStart: true };
    return new Promise<Grant>((grant) => {
      this.waiting.push({ since: performance.now(), grant });
      this.scheduleScaleOut();
    });
  }

  private release(instance: FunctionInstance): void {
    this.starting.delete(instance);
    const current = !instance.dead && !this.closed && this.generationOf.get(instance) === this.generation;
    if (!current) void this.retire(instance);
    const waiter = this.waiting.shift();
    if (waiter) waiter.grant(current ? { instance, coldStart: false } : { instance: this.spawn(), coldStart: true });
    else if (current) {
      this.idle.push(instance);
      const idleRetireMs = this.options.idleRetireMs;
      if (idleRetireMs !== undefined)
        this.idleTimers.set(instance, setTimeout(() => this.retireIdle(instance), idleRetireMs).unref());
    }
  }

  /**
   * Another instance only for a call that has waited `scaleOutDelayMs`, one per delay: a burst of
   * short calls stays on the warm instances (on two cores, eight isolates of a CPU-bound function
   * cost two to three times the CPU per call of two), while a call behind slow ones waits at most
   * about what a cold start would cost it.
   */
  private scheduleScaleOut(): void {
    const delay = this.options.scaleOutDelayMs;
    const oldest = this.waiting[0];
    if (delay === undefined || this.scaleOutTimer || !oldest || this.generationOf.size >= this.options.maxInstances)
      return;
    const due = Math.max(oldest.since, this.lastScaleOut) + delay;
    // The machine is judged over the span from here to the check, never a stale one; it is made
    // long enough to judge by when the oldest call is due sooner.
    const spareCore = this.options.spareCore;
    spareCore?.mark();
    const wait = Math.max(spareCore ? MIN_SPAN_MS : 0, due - performance.now());
    this.scaleOutTimer = setTimeout(() => this.scaleOut(delay), wait);
  }

  private scaleOut(delay: number): void {
    this.scaleOutTimer = undefined;
    if (this.closed) return;
    const oldest = this.waiting[0];
    const now = performance.now();
    if (oldest && now - oldest.since >= delay && this.generationOf.size < this.options.maxInstances) {
      // An instance still starting will take a waiting call soon: another would only start beside
      // it. Short calls on a machine with no core to spare wait for the warm instances, for 10
      // delays at most: a warm instance may be held by a call that waits rather than computes.
      this.lastScaleOut = now;
      const spare = () => now - oldest.since >= BUSY_WAIT_LIMIT * delay || (this.options.spareCore?.spare() ?? true);
      if (!this.worthWaitingFor(delay) || (this.starting.size === 0 && spare())) {
        this.waiting.shift();
        oldest.grant({ instance: this.spawn(), coldStart: true });
      }
    }
    this.scheduleScaleOut();
  }

  private retireIdle(instance: FunctionInstance): void {
    this.idleTimers.delete(instance);
    // Warm containers: the last instance of the current code stays, however long it idles.
    if (this.options.warm && this.current() <= 1 && this.generationOf.get(instance) === this.generation) return;
    const index = this.idle.indexOf(instance);
    if (index < 0) return;
    this.idle.splice(index, 1);
    void this.retire(instance);
  }

  /** Instances of the current code, busy or idle. */
  private current(): number {
    let count = 0;
    for (const generation of this.generationOf.values()) if (generation === this.generation) count++;
    return count;
  }

  private spawn(): FunctionInstance {
    const options = this.options.instanceOptions();
    const output = new InstanceOutput(options.output);
    const instance = createInstance({ ...options, output });
    this.generationOf.set(instance, this.generation);
    this.outputOf.set(instance, output);
    this.starting.add(instance);
    return instance;
  }

  private async retire(instance: FunctionInstance): Promise<void> {
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
    this.generationOf.delete(instance);
    this.outputOf.delete(instance);
    this.starting.delete(instance);
    await instance.terminate();
  }
}
