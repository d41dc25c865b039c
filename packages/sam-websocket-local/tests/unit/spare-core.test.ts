import { spareCoreProbe } from '../../src/runtime/lambda/spare-core';

/** A machine whose idle time (summed over its cores) and clock the test moves by hand. */
function machine() {
  const state = { idle: 0, now: 1000 };
  const probe = spareCoreProbe(
    () => state.idle,
    () => state.now,
  );
  return { state, probe };
}

describe('whether the machine had a core to spare', () => {
  it('says yes with half a core idle over the span, no with less', () => {
    const { state, probe } = machine();
    probe.mark();
    state.now += 100;
    state.idle += 50;
    expect(probe.spare()).toBe(true);
    probe.mark();
    state.now += 100;
    state.idle += 40;
    expect(probe.spare()).toBe(false);
  });

  it('judges from the first mark after a verdict, not the last', () => {
    const { state, probe } = machine();
    probe.mark();
    state.now += 100; // busy: no idle time at all
    probe.mark();
    state.now += 10;
    state.idle += 10;
    expect(probe.spare()).toBe(false);
  });

  it('keeps its last verdict for a span too short to judge, and says yes before any', () => {
    const { state, probe } = machine();
    expect(probe.spare()).toBe(true);
    probe.mark();
    state.now += 100;
    expect(probe.spare()).toBe(false);
    probe.mark();
    state.now += 5;
    state.idle += 5;
    expect(probe.spare()).toBe(false);
  });
});

it('says yes where the platform gives no idle time (os.cpus() empty), leaving the delay alone to decide', () => {
  let now = 0;
  const probe = spareCoreProbe(
    () => undefined,
    () => now,
  );
  probe.mark();
  now += 100;
  expect(probe.spare()).toBe(true);
});
