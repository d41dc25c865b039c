import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { InstanceOutput } from '../../src/runtime/lambda/instance-output';
import { handlerFolder, handlerPool } from '../support/handler-pool';

describe("an instance's output, per invocation", () => {
  it('tells when the bytes an invocation wrote are all in, even when they come after its result', async () => {
    const output = new InstanceOutput(new PassThrough());
    const lines = output.begin();
    let settled = false;
    const complete = output.settled(Buffer.byteLength('first\nlast é\n')).then(() => (settled = true));
    output.write('first\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    output.write('last é\n');
    await complete;
    expect(lines).toEqual(['first', 'last é']);
  });

  it('gives up waiting after its cap rather than hold a block back for ever', async () => {
    const output = new InstanceOutput(new PassThrough());
    output.begin();
    await output.settled(1_000_000, 20);
  });

  it("keeps every line a Node function writes in its own invocation's logs, the last one included", async () => {
    const dir = handlerFolder(
      'instance-output',
      'exports.handler = async (event) => { for (let i = 0; i < 50; i++) console.log(`line ${event.n} ${i}`); return event.n; };\n',
    );
    const functions = handlerPool(dir, { maxInstances: 1 });
    try {
      // One instance, invocations back to back: each one's lines must be its own and complete.
      const invocations = await Promise.all(Array.from({ length: 5 }, (_, n) => functions.invoke({ n })));
      for (const [n, invocation] of invocations.entries()) {
        await invocation.logsComplete;
        expect(invocation.logs?.filter((line) => line.includes('line '))).toEqual(
          Array.from({ length: 50 }, (_, i) => expect.stringContaining(`line ${n} ${i}`)),
        );
      }
    } finally {
      await functions.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
