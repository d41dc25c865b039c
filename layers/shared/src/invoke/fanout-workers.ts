import type { FanoutWorkEvent, PartInvoker, PartOutcome } from './part-work';
import type { LambdaClient } from '../lambda';

type LambdaEntry = typeof import('../lambda');
/** Loaded at the first invoke, not at a cold start: most broadcasts are never split nor handed on. */
let lambdaEntry: LambdaEntry | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lambda = (): LambdaEntry => (lambdaEntry ??= require('../lambda') as LambdaEntry);

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
  private lambdaClient?: LambdaClient;

  constructor(private readonly functionName: string) {}

  private get client(): LambdaClient {
    return (this.lambdaClient ??= new (lambda().LambdaClient)({}));
  }

  async run(work: FanoutWorkEvent): Promise<PartOutcome> {
    const answer = await this.client.send(
      new (lambda().InvokeCommand)({
        FunctionName: this.functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(work)),
      }),
    );
    const text = Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8');
    if (answer.FunctionError)
      throw new WorkerInvocationError(`${this.functionName} failed (${answer.FunctionError}): ${text.slice(0, 300)}`);
    return JSON.parse(text) as PartOutcome;
  }

  async continueLater(work: FanoutWorkEvent): Promise<void> {
    await this.client.send(
      new (lambda().InvokeCommand)({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(work)),
      }),
    );
  }
}
