import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handlerFolder, handlerPool } from '../support/handler-pool';

/** SAM CLI's --warm-containers: EAGER instances start with the runtime, and warm ones are kept. */
let dir: string;
const inits = () => readFileSync(join(dir, 'inits.txt'), 'utf8').split('\n').filter(Boolean);

// Its init leaves a line in inits.txt; it answers with its version, after `ms` when asked to.
const handler = (version: string) =>
  `require('node:fs').appendFileSync(${JSON.stringify('inits.txt')}, 'init\\n');\n` +
  `exports.handler = async (event) => { if (event.ms) await new Promise((r) => setTimeout(r, event.ms)); return ${JSON.stringify(version)}; };\n`;

beforeEach(() => {
  dir = handlerFolder('warm-containers', handler('v1'));
  writeFileSync(join(dir, 'inits.txt'), '');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every instance's init runs with the handler's folder as its working directory, as Lambda's /var/task. */
const pool = (options: Parameters<typeof handlerPool>[1]) => {
  const functions = handlerPool(dir, options);
  const cwd = process.cwd();
  return {
    functions,
    inFolder: <T>(work: () => Promise<T>) => (process.chdir(dir), work().finally(() => process.chdir(cwd))),
  };
};

/** Resolves once `done` holds, looked at every few ms (instances are released and retired on their own). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('EAGER', () => {
  it('starts and initialises an instance before any call, and the first call finds it warm', async () => {
    const { functions, inFolder } = pool({ maxInstances: 2, warm: 'EAGER' });
    try {
      await expect(inFolder(() => functions.prewarm())).resolves.toBeUndefined();
      expect(functions.instances).toBe(1);
      expect(inits()).toHaveLength(1);
      const call = await functions.invoke({});
      expect(call).toMatchObject({ outcome: { ok: true, result: 'v1' }, coldStart: false });
      expect(inits()).toHaveLength(1);
    } finally {
      await functions.close();
    }
  });

  it('answers an init that fails, keeps no instance of it, and the first call tries the init again', async () => {
    writeFileSync(join(dir, 'index.js'), `${handler('v1')}throw new Error('no config');\n`);
    const { functions, inFolder } = pool({ maxInstances: 2, warm: 'EAGER' });
    try {
      await expect(inFolder(() => functions.prewarm())).resolves.toMatchObject({
        errorMessage: expect.stringMatching(/no config/),
      });
      expect(functions.instances).toBe(0);
      const call = await inFolder(() => functions.invoke({}));
      expect(call).toMatchObject({
        outcome: { ok: false, error: { errorMessage: expect.stringMatching(/no config/) } },
        coldStart: true,
      });
      expect(inits()).toHaveLength(2);
    } finally {
      await functions.close();
    }
  });

  it('after new code, has an instance of it initialised before the next call', async () => {
    const { functions, inFolder } = pool({ maxInstances: 2, warm: 'EAGER' });
    try {
      await inFolder(() => functions.prewarm());
      writeFileSync(join(dir, 'index.js'), handler('v2'));
      await expect(inFolder(() => functions.reload())).resolves.toBeUndefined();
      expect(functions.instances).toBe(1);
      expect(inits()).toHaveLength(2);
      expect(await functions.invoke({})).toMatchObject({ outcome: { ok: true, result: 'v2' }, coldStart: false });
    } finally {
      await functions.close();
    }
  });

  it('is not started without it: the pool starts instances at calls, as Lambda does', async () => {
    const { functions, inFolder } = pool({ maxInstances: 2 });
    try {
      await expect(inFolder(() => functions.prewarm())).resolves.toBeUndefined();
      expect(functions.instances).toBe(0);
      expect(await inFolder(() => functions.invoke({}))).toMatchObject({ coldStart: true });
    } finally {
      await functions.close();
    }
  });
});

describe('warm containers keep each function warm', () => {
  it.each(['EAGER', 'LAZY'] as const)(
    '%s: of two idle instances the idle timer retires one and keeps the last, where Lambda-like idling retires both',
    async (warm) => {
      const idle = { maxInstances: 2, immediateInstances: 2, idleRetireMs: 20 };
      const kept = pool({ ...idle, warm });
      const control = pool(idle);
      const twoIdle = async ({ functions, inFolder }: ReturnType<typeof pool>) => {
        await inFolder(() => Promise.all([functions.invoke({ ms: 50 }), functions.invoke({ ms: 50 })]));
        // Both released: their idle timers are set.
        await until(() => functions.instances === functions.idleInstances);
      };
      try {
        // Timers of one length fire in the order they were set: the kept pool's idle timers are set
        // before the control pool's, so once the control pool has retired both of its instances
        // every idle timer of the kept pool has fired.
        await twoIdle(kept);
        await twoIdle(control);
        await until(() => control.functions.instances === 0);
        expect(kept.functions.instances).toBe(1);
        expect(await kept.functions.invoke({})).toMatchObject({ outcome: { ok: true }, coldStart: false });
      } finally {
        await Promise.all([kept.functions.close(), control.functions.close()]);
      }
    },
  );
});
