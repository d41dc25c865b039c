import {
  MAX_CARRIED_MOVERS,
  MOVED,
  type Mover,
  type MoverWindow,
  type RecipientPlan,
} from '@comments-websocket/shared';
import { MoverTracker } from '@comments-websocket/shared/fanout';

const since = 1_700_000_000_000;

/** A store whose movers are a fixed list; records the windows it was asked for. */
function storeOf(movers: Mover[]) {
  const asked: { since: number; until: number }[] = [];
  return {
    asked,
    shards: 1,
    async *movers(from: number, until: number): AsyncIterable<Mover[]> {
      asked.push({ since: from, until });
      yield movers.filter((mover) => mover.movedAt <= until);
    },
  };
}

const planWith = (movers: MoverWindow): RecipientPlan => [
  { key: 'post:1' },
  { key: '$unsubscribed#0' },
  { key: MOVED, movers },
];

describe('MoverTracker.settle', () => {
  it('carries as reached the movers this invocation handed out and those the earlier window no longer owed', async () => {
    // Prepare: the earlier invocation stopped at since+1000 having reached "old"; "owed" it did not
    // reach; "handed" this invocation sent to; "later" moved after this settle.
    const window: MoverWindow = { since, earlier: { at: since + 1000, read: {}, reached: ['old'], exact: true } };
    const store = storeOf([
      { connectionId: 'old', movedAt: since + 500 },
      { connectionId: 'owed', movedAt: since + 600 },
      { connectionId: 'handed', movedAt: since + 1500 },
      { connectionId: 'before', movedAt: since - 5000, confirmedAt: since - 4000 },
      { connectionId: 'later', movedAt: since + 9000 },
    ]);
    const tracker = new MoverTracker(store, planWith(window));

    // Act
    const carry = await tracker.settle(
      { key: '$unsubscribed#0', lastId: 'u9', done: false },
      (id) => id === 'handed',
      since + 2000,
    );

    // Assess
    const movers = carry!({ key: MOVED }).movers!;
    expect(movers.since).toBe(since);
    expect(movers.earlier).toMatchObject({ at: since + 2000, exact: true, read: { '$unsubscribed#0': 'u9' } });
    expect([...movers.earlier!.reached].sort()).toEqual(['before', 'handed', 'old']);
    // What it read and still owed is carried too: a mover in neither list was not readable yet.
    expect(movers.earlier!.owed).toEqual(['owed']);
  });

  // Handed out, a mover is carried as reached; read but not handed out, as owed.
  it.each([
    ['reached', true],
    ['owed', false],
  ] as const)(
    'stops being exact past the %s movers it can carry, and carries no more than that',
    async (list, handed) => {
      const many = Array.from({ length: MAX_CARRIED_MOVERS + 1 }, (_, i) => ({
        connectionId: `m${i}`,
        movedAt: since + 1,
      }));
      const tracker = new MoverTracker(storeOf(many), planWith({ since }));

      const carry = await tracker.settle({ done: handed }, () => handed, since + 10);

      const earlier = carry!({ key: MOVED }).movers!.earlier!;
      expect(earlier.exact).toBe(false);
      expect(earlier[list]).toHaveLength(MAX_CARRIED_MOVERS);
    },
  );

  it('stays inexact once an earlier invocation was', async () => {
    const window: MoverWindow = { since, earlier: { at: since + 1, read: {}, reached: [], exact: false } };
    const tracker = new MoverTracker(storeOf([]), planWith(window));

    const carry = await tracker.settle({ done: true }, () => false, since + 10);

    expect(carry!({ key: MOVED }).movers!.earlier!.exact).toBe(false);
  });

  it('reads again only from the last second it had read, on the next settle', async () => {
    const store = storeOf([]);
    const tracker = new MoverTracker(store, planWith({ since }));

    await tracker.settle({ done: false }, () => false, since + 2500);
    await tracker.settle({ done: false }, () => false, since + 4200);

    expect(store.asked).toEqual([
      { since, until: since + 2500 },
      { since: since + 2000, until: since + 4200 },
    ]);
  });

  it('has nothing to carry for a plan without movers', async () => {
    const tracker = new MoverTracker(storeOf([]), [{ key: '$all#0' }]);
    expect(await tracker.settle({ done: true }, () => true)).toBeUndefined();
  });
});
