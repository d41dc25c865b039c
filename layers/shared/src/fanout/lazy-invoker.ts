import type { FanoutWorkEvent, PartInvoker, PartOutcome } from '../invoke';

type InvokeEntry = typeof import('../invoke');

/**
 * The fan-out workers, with the `invoke` entry loaded at the first split or hand-on: a broadcast
 * that reaches a handful of connections never invokes a worker, so its cold start does not load it.
 */
export class LazyFanoutWorkers implements PartInvoker {
  private workers?: PartInvoker;

  constructor(private readonly functionName: string) {}

  run(work: FanoutWorkEvent): Promise<PartOutcome> {
    return this.loaded().run(work);
  }

  continueLater(work: FanoutWorkEvent): Promise<void> {
    return this.loaded().continueLater(work);
  }

  private loaded(): PartInvoker {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (this.workers ??= new (require('../invoke') as InvokeEntry).FanoutWorkers(this.functionName));
  }
}
