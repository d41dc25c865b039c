import { Worker } from 'node:worker_threads';
import type { FromInstance, FunctionError, InstanceData, InvocationContext } from './protocol';
import { workerScript } from './worker-script';

export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; error: FunctionError; timedOut?: boolean };

export interface InstanceOptions extends InstanceData {
  env: Record<string, string>;
  memoryMb: number;
  /** Where the function's own logs go (its stdout and stderr), as CloudWatch would get them. */
  output: NodeJS.WritableStream;
}

/** One warm execution environment: initialised once, one invocation at a time, killed on timeout. */
export class FunctionInstance {
  readonly ready: Promise<FunctionError | undefined>;
  private readonly worker: Worker;
  private pending?: { id: number; settle: (outcome: Outcome) => void };
  private nextId = 0;
  dead = false;

  constructor(options: InstanceOptions) {
    const { env, memoryMb, output, ...data } = options;
    this.worker = new Worker(workerScript(), {
      workerData: data satisfies InstanceData,
      env,
      execArgv: [],
      stdout: true,
      stderr: true,
      // Lambda's memory setting bounds the heap, so an out-of-memory handler fails here too.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
    });
    // Forwarded chunk by chunk: piping dozens of instances into one stream piles listeners on it.
    const forward = (chunk: Buffer) => output.write(chunk);
    this.worker.stdout.on('data', forward);
    this.worker.stderr.on('data', forward);
    let initDone: (error: FunctionError | undefined) => void;
    this.ready = new Promise((resolve) => (initDone = resolve));
    this.worker.on('message', (message: FromInstance) => {
      if (message.type === 'ready') initDone(undefined);
      else if (message.type === 'init-error') initDone(message.error);
      else if (this.pending?.id === message.id) {
        const { settle } = this.pending;
        this.pending = undefined;
        settle(message.type === 'result' ? { ok: true, result: message.result } : { ok: false, error: message.error });
      }
    });
    const crashed = (error: FunctionError) => {
      this.dead = true;
      initDone(error);
      const pending = this.pending;
      this.pending = undefined;
      pending?.settle({ ok: false, error });
    };
    this.worker.on('error', (error) => crashed({ errorType: 'Runtime.ExitError', errorMessage: error.message, stack: error.stack }));
    this.worker.on('exit', (code) => crashed({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` }));
  }

  async invoke(event: unknown, context: InvocationContext, timeoutMs: number): Promise<Outcome> {
    const initError = await this.ready;
    if (initError) return { ok: false, error: initError };
    // As in Lambda, the timeout starts once the environment is initialised, not while it starts.
    context = { ...context, deadline: Date.now() + timeoutMs };
    const id = ++this.nextId;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        void this.terminate();
        resolve({
          ok: false,
          timedOut: true,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` },
        });
      }, timeoutMs);
      this.pending = {
        id,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.worker.postMessage({ type: 'invoke', id, event, context });
    });
  }

  /** Milliseconds the instance's thread has been busy so far (event-loop active time: its CPU, or a little more under contention). */
  activeMs(): number {
    return this.dead ? 0 : this.worker.performance.eventLoopUtilization().active;
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}
