import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FunctionPool } from '../../src/runtime/lambda/function-pool';
import { InstanceOutput } from '../../src/runtime/lambda/instance-output';

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
    const dir = mkdtempSync(join(tmpdir(), 'instance-output-'));
    writeFileSync(
      join(dir, 'index.js'),
      'exports.handler = async (event) => { for (let i = 0; i < 50; i++) console.log(`line ${event.n} ${i}`); return event.n; };\n',
    );
    const functions = new FunctionPool({
      logicalId: 'Chatty',
      functionName: 'chatty',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:chatty',
      timeoutSeconds: 30,
      memoryMb: 128,
      maxInstances: 1,
      instanceOptions: () => ({
        location: { language: 'node', entryBase: join(dir, 'index'), handlerName: 'handler', modulePaths: [] },
        redirect: { runtime: '127.0.0.1:9', dynamodb: '127.0.0.1:9' },
        env: {},
        memoryMb: 128,
        output: new PassThrough(),
      }),
    });
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
