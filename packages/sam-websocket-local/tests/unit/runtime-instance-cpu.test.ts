import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FunctionPool } from '../../src/runtime/lambda/function-pool';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'instance-cpu-'));
  // Busy for a few milliseconds of wall time: some CPU however loaded the machine is.
  writeFileSync(
    join(dir, 'index.js'),
    'exports.handler = async () => { const end = Date.now() + 5; while (Date.now() < end); return "done"; };\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pool = (maxInstances: number) =>
  new FunctionPool({
    logicalId: 'Busy',
    functionName: 'busy',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:busy',
    timeoutSeconds: 30,
    memoryMb: 128,
    maxInstances,
    instanceOptions: () => ({
      location: { language: 'node', entryBase: join(dir, 'index'), handlerName: 'handler', modulePaths: [] },
      redirect: { runtime: '127.0.0.1:9', dynamodb: '127.0.0.1:9' },
      env: {},
      memoryMb: 128,
      output: new PassThrough(),
    }),
  });

const openFiles = () => readdirSync('/proc/self/fd').length;

describe("a Node instance's CPU time per invocation (Linux: the thread's own run time)", () => {
  it('is measured afresh for every invocation on a warm instance', async () => {
    const functions = pool(1);
    try {
      for (let i = 0; i < 5; i++) {
        const invocation = await functions.invoke({});
        expect(invocation.outcome).toMatchObject({ ok: true, result: 'done' });
        expect(invocation.coldStart).toBe(i === 0);
        expect(invocation.cpuMs).toBeGreaterThan(0);
      }
    } finally {
      await functions.close();
    }
  });

  it('leaves no file open once the instances are gone', async () => {
    // The instance script is compiled on first use; that, and its files, come before counting.
    const warm = pool(1);
    await warm.invoke({});
    await warm.close();
    const before = openFiles();
    const functions = pool(4);
    await Promise.all(Array.from({ length: 4 }, () => functions.invoke({})));
    expect(functions.instances).toBe(4);
    expect(openFiles()).toBeGreaterThan(before);
    await functions.close();
    expect(openFiles()).toBe(before);
  });
});
