import { rmSync } from 'node:fs';
import type { SpareCoreProbe } from '../../src/runtime/lambda/spare-core';
import { handlerFolder, handlerPool } from '../support/handler-pool';

let dir: string;

beforeAll(() => {
  // Holds its instance for `ms` when asked to; answers at once otherwise.
  dir = handlerFolder(
    'pool-scale-out',
    'exports.handler = async (event) => { if (event.ms) await new Promise((r) => setTimeout(r, event.ms)); return "done"; };\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pool = (scaleOutDelayMs: number, spareCore?: SpareCoreProbe) =>
  handlerPool(dir, { maxInstances: 8, immediateInstances: 1, scaleOutDelayMs, spareCore });

describe('past its immediate instances, a pool starts another only for a call that has waited', () => {
  it('serves a burst of short calls on the warm instance instead of starting one per call', async () => {
    // A delay no call of this burst waits out, however slow the machine.
    const functions = pool(600_000);
    try {
      const calls = await Promise.all(Array.from({ length: 12 }, () => functions.invoke({})));
      for (const call of calls) expect(call.outcome).toMatchObject({ ok: true, result: 'done' });
      expect(calls.filter((call) => call.coldStart)).toHaveLength(1);
      expect(functions.instances).toBe(1);
    } finally {
      await functions.close();
    }
  });

  it('gives a call stuck behind a slow one a new instance once it has waited the delay', async () => {
    const functions = pool(50);
    try {
      await functions.invoke({}); // the first instance is warm: the next start is the scale-out's
      const slow = functions.invoke({ ms: 60_000 });
      const quick = await Promise.race([functions.invoke({}), slow.then(() => 'the slow call ended first')]);
      expect(quick).toMatchObject({ outcome: { ok: true, result: 'done' }, coldStart: true });
      expect(functions.instances).toBe(2);
    } finally {
      await functions.close();
    }
  });
});

describe('on a machine with no core to spare, a call stuck behind a slow one', () => {
  /** A probe that always finds the machine busy; `asked` resolves at its first verdict. */
  const busy = () => {
    let answered: () => void;
    const asked = new Promise<void>((resolve) => (answered = resolve));
    return { asked, probe: { mark: () => undefined, spare: () => (answered(), false) } };
  };

  it('waits for the warm instance rather than starting another beside it', async () => {
    const { asked, probe } = busy();
    const functions = pool(50, probe);
    try {
      await functions.invoke({});
      const slow = functions.invoke({ ms: 60_000 });
      const quick = functions.invoke({});
      // The check came when the quick call had waited the delay, and it found no core to spare.
      await asked;
      expect(functions.instances).toBe(1);
      // Past the limit it gets one after all: nothing is left waiting when the pool closes.
      await quick;
      void slow.catch(() => undefined);
    } finally {
      await functions.close();
    }
  });

  it('still gets a new instance once it has waited ten delays, as the slow call may only be waiting', async () => {
    const { asked, probe } = busy();
    const functions = pool(50, probe);
    try {
      await functions.invoke({});
      const slow = functions.invoke({ ms: 60_000 });
      const started = performance.now();
      const quick = await Promise.race([functions.invoke({}), slow.then(() => 'the slow call ended first')]);
      expect(quick).toMatchObject({ outcome: { ok: true, result: 'done' }, coldStart: true });
      expect(performance.now() - started).toBeGreaterThanOrEqual(500);
      await asked;
    } finally {
      await functions.close();
    }
  });
});
