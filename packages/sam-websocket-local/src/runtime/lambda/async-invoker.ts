import { randomUUID } from 'node:crypto';
import { type AsyncInvokeConfig, DEFAULT_ASYNC_CONFIG } from '../../template/async-config';
import type { RuntimeLog } from '../log';
import type { Invocation } from './function-pool';
import { logInvocation } from './invocation-log';
import { invocationRecord, type RecordCondition } from './invocation-record';

export interface AsyncInvokerOptions {
  /** Runs one attempt once the function has a free slot; undefined when `deadline` or `stop` came first. */
  invokeQueued(
    functionId: string,
    event: unknown,
    requestId: string,
    deadline: number,
    stop: AbortSignal,
  ): Promise<Invocation | undefined>;
  arn(functionId: string): string;
  /** True for a function whose reserved concurrency is 0: it never runs. */
  alwaysThrottled(functionId: string): boolean;
  /** Per function logical id; a function without one gets Lambda's defaults. */
  configs: Map<string, AsyncInvokeConfig>;
  /**
   * Multiplies every wait of the queue (retry delays, MaximumEventAgeInSeconds) but not function
   * timeouts: 1 is Lambda's clock, 0.01 makes a minute 600 ms, so tests see retries and ageing soon.
   */
  timeScale: number;
  log: RuntimeLog;
}

/** Lambda waits a minute before the first retry of a failed event and two before the second. */
const RETRY_DELAYS_MS = [60_000, 120_000];

/**
 * Lambda's asynchronous invocation: an event queue per call with retries, event age and destinations.
 * An event waits for the function's reserved concurrency; each wait counts toward its age, and an
 * event past MaximumEventAgeInSeconds is dropped. A failed attempt (error, timeout, crashed runtime)
 * is retried MaximumRetryAttempts times; then the OnFailure destination gets the invocation record,
 * and a success the OnSuccess one, each invoked asynchronously in turn.
 */
export class AsyncInvoker {
  private readonly running = new Set<Promise<void>>();
  private readonly stop = new AbortController();

  constructor(private readonly options: AsyncInvokerOptions) {}

  /** Queues the event and answers its request id at once, as Lambda's 202 does. */
  enqueue(functionId: string, event: unknown): string {
    const requestId = randomUUID();
    const work = this.process(functionId, event, requestId).catch((error: unknown) =>
      this.options.log.error('asynchronous invocation failed in the runtime', {
        fn: functionId,
        requestId,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return requestId;
  }

  /** Events still waiting are dropped (the local queue does not outlive the runtime); running ones finish. */
  async close(): Promise<void> {
    this.stop.abort();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async process(functionId: string, event: unknown, requestId: string): Promise<void> {
    const config = this.options.configs.get(functionId) ?? DEFAULT_ASYNC_CONFIG;
    const expires = Date.now() + config.maximumEventAgeSeconds * 1000 * this.options.timeScale;
    // Lambda's documented case: with reserved concurrency 0, new events go to the failure
    // destination at once, without retries.
    if (this.options.alwaysThrottled(functionId))
      return this.finish(functionId, event, requestId, 'RetriesExhausted', 0, undefined, config);
    let last: Invocation | undefined;
    for (let attempt = 0; attempt <= config.maximumRetryAttempts; attempt++) {
      if (attempt > 0 && !(await this.wait(RETRY_DELAYS_MS[attempt - 1]! * this.options.timeScale, expires))) return;
      if (this.stop.signal.aborted) return;
      const invocation =
        Date.now() > expires
          ? undefined
          : await this.options.invokeQueued(functionId, event, requestId, expires, this.stop.signal);
      if (invocation) logInvocation(this.options.log, invocation, functionId, 'Event');
      if (this.stop.signal.aborted) return;
      if (!invocation) return this.finish(functionId, event, requestId, 'EventAgeExceeded', attempt, last, config);
      last = invocation;
      if (invocation.outcome.ok) return this.finish(functionId, event, requestId, 'Success', attempt + 1, last, config);
    }
    this.finish(functionId, event, requestId, 'RetriesExhausted', config.maximumRetryAttempts + 1, last, config);
  }

  /** Sleeps `ms`, or less when the event expires first; false when the runtime stops meanwhile. */
  private wait(ms: number, expires: number): Promise<boolean> {
    const signal = this.stop.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), Math.max(0, Math.min(ms, expires + 1 - Date.now())));
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  private finish(
    functionId: string,
    event: unknown,
    requestId: string,
    condition: RecordCondition,
    attempts: number,
    last: Invocation | undefined,
    config: AsyncInvokeConfig,
  ): void {
    if (condition !== 'Success') {
      const error = last && !last.outcome.ok ? last.outcome.error : undefined;
      this.options.log.warn(
        condition === 'EventAgeExceeded'
          ? 'asynchronous event dropped: older than MaximumEventAgeInSeconds'
          : 'asynchronous event failed every attempt',
        { fn: functionId, requestId, attempts, errorType: error?.errorType, errorMessage: error?.errorMessage },
      );
    }
    const destination = condition === 'Success' ? config.onSuccess : config.onFailure;
    if (!destination) return;
    const record = invocationRecord({
      requestId,
      functionArn: this.options.arn(functionId),
      event,
      condition,
      attempts,
      last,
    });
    this.enqueue(destination, record);
  }
}
