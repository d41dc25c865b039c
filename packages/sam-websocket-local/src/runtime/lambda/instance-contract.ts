import type { CodeLocation } from './code-location';
import type { FunctionError, InvocationContext, RedirectRule } from './protocol';

/** `cpuMs`: CPU time of the instance's own thread during the invocation, where the platform tells it. */
export type Outcome = ({ ok: true; result: unknown } | { ok: false; error: FunctionError; timedOut?: boolean }) & {
  cpuMs?: number;
  /** Bytes the instance wrote to stdout and stderr during the invocation, where it counts them. */
  outputBytes?: number;
};

export interface InstanceOptions {
  location: CodeLocation;
  redirect: RedirectRule;
  env: Record<string, string>;
  memoryMb: number;
  /** Where the function's own logs go (its stdout and stderr), as CloudWatch would get them. */
  output: NodeJS.WritableStream;
}

/** One warm execution environment: initialised once, one invocation at a time, killed on timeout. */
export interface FunctionInstance {
  readonly ready: Promise<FunctionError | undefined>;
  dead: boolean;
  /** `stopAfterMs`: when the runtime stops it (the timeout unless debugging: a breakpoint must not time out). */
  invoke(event: unknown, context: InvocationContext, timeoutMs: number, stopAfterMs?: number): Promise<Outcome>;
  /** Milliseconds the instance has been busy so far. */
  activeMs(): number;
  /** Kills the sandbox mid-invocation (out of memory, killed): what runs fails as Lambda reports a dead runtime. */
  crash(requestId: string): Promise<void>;
  terminate(): Promise<void>;
}
