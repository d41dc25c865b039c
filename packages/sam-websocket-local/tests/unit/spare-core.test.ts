import { spareCoreProbe } from '../../src/runtime/lambda/spare-core';

/**
 * A machine whose clock and idle time (summed over its cores) the test moves by hand; without
 * `idleKnown` it gives no idle time, as where os.cpus() is empty.
 */
function machine(idleKnown = true) {
  const state = { idle: 0, now: 1000 };
  const probe = spareCoreProbe(
    () => (idleKnown ? state.idle : undefined),
    () => state.now,
  );
  /** Lets `ms` pass, `idleMs` of them idle. */
  const pass = (ms: number, idleMs = 0) => {
    state.now += ms;
    state.idle += idleMs;
  };
  return { probe, pass };
}

describe('whether the machine had a core to spare', () => {
  it('says yes with half a core idle over the span, no with less', () => {
    const { probe, pass } = machine();
    probe.mark();
    pass(100, 50);
    expect(probe.spare()).toBe(true);
    probe.mark();
    pass(100, 40);
    expect(probe.spare()).toBe(false);
  });

  it('judges the span since the last mark only: an idle stretch before it does not count', () => {
    const { probe, pass } = machine();
    probe.mark();
    pass(1000, 1000); // a wait served before any verdict, on an idle machine
    probe.mark();
    pass(100); // this wait: busy
    expect(probe.spare()).toBe(false);
  });

  it('keeps its last verdict for a span too short to judge, and says yes before any', () => {
    const { probe, pass } = machine();
    expect(probe.spare()).toBe(true);
    probe.mark();
    pass(100);
    expect(probe.spare()).toBe(false);
    probe.mark();
    pass(5, 5);
    expect(probe.spare()).toBe(false);
  });

  it('says yes where the platform gives no idle time, leaving the delay alone to decide', () => {
    const { probe, pass } = machine(false);
    probe.mark();
    pass(100);
    expect(probe.spare()).toBe(true);
  });
});
