import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { type ApiContext, consoleApi } from '../../src/runtime/console/console-api';
import type { Invocation } from '../../src/runtime/lambda/function-pool';

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("the console's invoke call", () => {
  it('answers only once the invocation has all its log lines, which may come well after its result', async () => {
    // A worker's output travels apart from its result: here it lands several turns of the loop later.
    const logs = ['start'];
    let outputIn!: () => void;
    const invocation: Invocation = {
      requestId: 'r-1',
      outcome: { ok: false, error: { errorType: 'Error', errorMessage: 'failed on purpose' } },
      durationMs: 3,
      coldStart: false,
      logs,
      logsComplete: new Promise<void>((resolve) => (outputIn = resolve)),
    };
    const functions = {
      invoke: async () => invocation,
      describe: () => [{ logicalId: 'Fail', functionName: 'Fail', timeoutSeconds: 3, memoryMb: 128, instances: 1 }],
      instances: 1,
    };
    const api = consoleApi({ functions } as unknown as ApiContext);
    const request = Readable.from([Buffer.from('{}')]) as unknown as IncomingMessage;

    let answered = false;
    const answer = api('POST', 'functions/Fail/invoke', new URLSearchParams(), request).then((result) => {
      answered = true;
      return result;
    });
    await turns(5);
    expect(answered).toBe(false);

    logs.push('about to fail');
    outputIn();
    expect(await answer).toMatchObject({
      status: 200,
      body: { ok: false, error: { errorMessage: 'failed on purpose' }, logs: ['start', 'about to fail'] },
    });
  });
});
