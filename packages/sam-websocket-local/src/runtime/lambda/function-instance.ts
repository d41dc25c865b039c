import type { FunctionInstance, InstanceOptions, Outcome } from './instance-contract';
import { NodeInstance } from './node/node-instance';
import type { FunctionError } from './protocol';
import { PythonInstance } from './python/python-instance';

export type { FunctionInstance, InstanceOptions, Outcome } from './instance-contract';

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
  crash = async () => undefined;
  terminate = async () => undefined;
}

export function createInstance(options: InstanceOptions): FunctionInstance {
  const { location } = options;
  if (location.language === 'node') return new NodeInstance(options, location);
  if (location.language === 'python') return new PythonInstance(options, location);
  return new Unavailable(location.reason);
}
