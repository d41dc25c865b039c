import type { FunctionInstance, Outcome } from './instance-contract';
import type { FromInstance, FunctionError, InvocationContext, ToInstance } from './protocol';

/**
 * What every kind of instance shares: the init handshake, one invocation at a time, Lambda's
 * timeout (counted from the end of init) and the crash of the sandbox failing what is in flight.
 */
export abstract class InstanceBase implements FunctionInstance {
  readonly ready: Promise<FunctionError | undefined>;
  dead = false;
  private initDone!: (error: FunctionError | undefined) => void;
  private pending?: { id: number; settle: (outcome: Outcome) => void };
  private nextId = 0;

  constructor() {
    this.ready = new Promise((resolve) => (this.initDone = resolve));
  }

  protected abstract post(message: ToInstance): void;
  protected abstract kill(): Promise<void>;
  abstract activeMs(): number;

  /** Feed every message the sandbox sends here. */
  protected received(message: FromInstance): void {
    if (message.type === 'ready') this.initDone(undefined);
    else if (message.type === 'init-error') this.initDone(message.error);
    else if (this.pending?.id === message.id) {
      const { settle } = this.pending;
      this.pending = undefined;
      const { cpuMs, outputBytes } = message;
      settle(
        message.type === 'result'
          ? { ok: true, result: message.result, cpuMs, outputBytes }
          : { ok: false, error: message.error, cpuMs, outputBytes },
      );
    }
  }

  protected crashed(error: FunctionError): void {
    this.dead = true;
    this.initDone(error);
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle({ ok: false, error });
  }

  async invoke(
    event: unknown,
    context: InvocationContext,
    timeoutMs: number,
    stopAfterMs = timeoutMs,
  ): Promise<Outcome> {
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
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${(stopAfterMs / 1000).toFixed(2)} seconds`,
          },
        });
      }, stopAfterMs);
      this.pending = {
        id,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.post({ type: 'invoke', id, event, context });
    });
  }

  async crash(requestId: string): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle({
      ok: false,
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
      },
    });
    await this.terminate();
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.kill();
  }
}
