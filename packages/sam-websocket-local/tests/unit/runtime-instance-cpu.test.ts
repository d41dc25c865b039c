import { readdirSync, rmSync } from 'node:fs';
import { handlerFolder, handlerPool } from '../support/handler-pool';

let dir: string;

beforeAll(() => {
  // Busy for a few milliseconds of wall time: some CPU however loaded the machine is.
  dir = handlerFolder(
    'instance-cpu',
    'exports.handler = async () => { const end = Date.now() + 5; while (Date.now() < end); return "done"; };\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pool = (maxInstances: number) => handlerPool(dir, { maxInstances });

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
