import { LambdaInvoke } from './lambda-invoke';
import type { FanoutWorkEvent, PartInvoker, PartOutcome } from './part-work';

export class WorkerInvocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerInvocationError';
  }
}

/**
 * Runs parts of a broadcast in other invocations of the worker function: `run` waits for the part's
 * report (RequestResponse), `continueLater` hands it over and returns at once (Event).
 */
export class FanoutWorkers implements PartInvoker {
  constructor(
    private readonly functionName: string,
    private readonly lambda = new LambdaInvoke(),
  ) {}

  async run(work: FanoutWorkEvent): Promise<PartOutcome> {
    const answer = await this.lambda.invoke(this.functionName, 'RequestResponse', JSON.stringify(work));
    if (answer.functionError)
      throw new WorkerInvocationError(
        `${this.functionName} failed (${answer.functionError}): ${answer.payload.slice(0, 300)}`,
      );
    return JSON.parse(answer.payload) as PartOutcome;
  }

  async continueLater(work: FanoutWorkEvent): Promise<void> {
    await this.lambda.invoke(this.functionName, 'Event', JSON.stringify(work));
  }
}
