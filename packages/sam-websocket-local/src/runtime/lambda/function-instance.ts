import type { CodeLocation } from './code-location';
import { NodeInstance } from './node-instance';
import type { FunctionError, InvocationContext, RedirectRule } from './protocol';
import { PythonInstance } from './python-instance';

/** `cpuMs`: CPU time of the instance's own thread during the invocation, where the platform tells it. */
export type Outcome = ({ ok: true; result: unknown } | { ok: false; error: FunctionError; timedOut?: boolean }) & {
  cpuMs?: number;
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
  invoke(event: unknown, context: InvocationContext, timeoutMs: number): Promise<Outcome>;
  /** Milliseconds the instance has been busy so far. */
  activeMs(): number;
  terminate(): Promise<void>;
}

/** Answers every invocation with the reason the function cannot run here. */
class Unavailable implements FunctionInstance {
  readonly ready: Promise<FunctionError>;
  dead = false;
  constructor(reason: string) {
    this.ready = Promise.resolve({ errorType: 'Runtime.NotEmulated', errorMessage: `Not emulated locally: ${reason}` });
  }
  async invoke(): Promise<Outcome> {
    return { ok: false, error: await this.ready };
  }
  activeMs = () => 0;
  terminate = async () => undefined;
}

export function createInstance(options: InstanceOptions): FunctionInstance {
  const { location } = options;
  if (location.language === 'node') return new NodeInstance(options, location);
  if (location.language === 'python') return new PythonInstance(options, location);
  return new Unavailable(location.reason);
}
