import {
  EXPLICIT,
  MOVED,
  MOVE_SLACK_MS,
  type MoverWindow,
  type RecipientPlan,
  moverIsDue,
  readSoFar,
  recipientPlan,
  remainingPlan,
  shardOf,
  splitPlan,
} from '@comments-websocket/shared';

const since = 1_700_000_000_000;
const at = since + 5000;
/** Connection ids and their shard of 2, found once. */
const ids = Array.from({ length: 40 }, (_, i) => `id${i}=`);
const inShard = (shard: number) => ids.filter((id) => shardOf(id, 2) === shard);
const [a0, b0] = inShard(0);
const [a1] = inShard(1);

function window(earlier?: Partial<NonNullable<MoverWindow['earlier']>>): MoverWindow {
  if (!earlier) return { since };
  return { since, earlier: { at, read: {}, reached: [], exact: true, ...earlier } };
}

describe('recipientPlan', () => {
  it('reads the topic, then every never-subscribed shard, then the movers since the broadcast started', () => {
    expect(recipientPlan('post:1', 2, since)).toEqual([
      { key: 'post:1' },
      { key: '$unsubscribed#0' },
      { key: '$unsubscribed#1' },
      { key: MOVED, movers: { since } },
    ]);
  });

  it('reads only the $all shards for a broadcast to everyone, with no unsharded key', () => {
    expect(recipientPlan(undefined, 2, since)).toEqual([{ key: '$all#0' }, { key: '$all#1' }]);
  });
});

describe('moverIsDue', () => {
  it('owes nothing to a client that moved before the broadcast started, slack included', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: since - MOVE_SLACK_MS - 1 }, window(), 2)).toBe(false);
  });

  it('owes nothing to a client whose move had ended before the broadcast started', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: since - 50, confirmedAt: since - 1 }, window(), 2)).toBe(false);
  });

  it('owes the message to a client whose move ended after the broadcast started, however early it began', () => {
    const mover = { connectionId: a0!, movedAt: since - 5 * MOVE_SLACK_MS, confirmedAt: since };
    expect(moverIsDue(mover, window(), 2)).toBe(true);
  });

  it('owes the message to a client that moved within the slack or later, when no invocation came before', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: since - MOVE_SLACK_MS }, window(), 2)).toBe(true);
    expect(moverIsDue({ connectionId: a0!, movedAt: since + 10 }, window(), 2)).toBe(true);
  });

  it('owes it to a mover by the earlier stop that the earlier invocation did not reach, when its list is exact', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: at }, window({ reached: [b0!] }), 2)).toBe(true);
  });

  it('owes nothing to a mover by the earlier stop that the earlier invocation reached', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: at - 1 }, window({ reached: [a0!] }), 2)).toBe(false);
  });

  it('skips every mover by the earlier stop when the reached list may be short (never a duplicate)', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: at - 1 }, window({ reached: [], exact: false }), 2)).toBe(false);
  });

  it('owes nothing to a client that moved after the earlier stop out of a shard read whole before it', () => {
    expect(moverIsDue({ connectionId: a0!, movedAt: at + 1 }, window({ read: { '$unsubscribed#0': true } }), 2)).toBe(
      false,
    );
  });

  it('owes it to a client that moved after the earlier stop out of a shard not read yet', () => {
    expect(moverIsDue({ connectionId: a1!, movedAt: at + 1 }, window({ read: { '$unsubscribed#0': true } }), 2)).toBe(
      true,
    );
  });

  it('owes it to a mover by the earlier stop that the earlier invocation read and still owed', () => {
    const earlier = window({ owed: [a0!], read: { '$unsubscribed#0': true } });
    expect(moverIsDue({ connectionId: a0!, movedAt: at - 1 }, earlier, 2)).toBe(true);
  });

  it('judges a mover by the earlier stop that it could not read yet by its shard, as a later mover', () => {
    const earlier = window({ owed: [], read: { '$unsubscribed#0': true } });
    expect(moverIsDue({ connectionId: a0!, movedAt: at - 1 }, earlier, 2)).toBe(false);
    expect(moverIsDue({ connectionId: a1!, movedAt: at - 1 }, earlier, 2)).toBe(true);
  });

  it('compares with the last id read of a shard read in part, in index order', () => {
    const [first, second] = [a0!, b0!].sort((x, y) => (`conn#${x}` < `conn#${y}` ? -1 : 1));
    const read = { '$unsubscribed#0': first! };
    expect(moverIsDue({ connectionId: first!, movedAt: at + 1 }, window({ read }), 2)).toBe(false);
    expect(moverIsDue({ connectionId: second!, movedAt: at + 1 }, window({ read }), 2)).toBe(true);
  });
});

describe('readSoFar', () => {
  const plan = recipientPlan('post:1', 2, since);

  it('marks the never-subscribed keys before the current one read whole, and the current one up to its last id', () => {
    expect(readSoFar(plan, { key: '$unsubscribed#1', lastId: 'x', done: false })).toEqual({
      '$unsubscribed#0': true,
      '$unsubscribed#1': 'x',
    });
  });

  it('marks nothing while the topic is being read', () => {
    expect(readSoFar(plan, { key: 'post:1', lastId: 'x', done: false })).toEqual({});
  });

  it('marks every never-subscribed key when reading is done, keeping what earlier invocations read', () => {
    expect(readSoFar(plan, { done: true }, { '$unsubscribed#7': true })).toEqual({
      '$unsubscribed#7': true,
      '$unsubscribed#0': true,
      '$unsubscribed#1': true,
    });
  });
});

describe('remainingPlan', () => {
  const plan: RecipientPlan = [{ key: 'post:1' }, { key: '$unsubscribed#0' }, { key: MOVED, movers: { since } }];

  it('resumes the key being read after its last id and keeps the MOVED entry whole', () => {
    expect(remainingPlan(plan, { key: '$unsubscribed#0', lastId: 'u7', done: false })).toEqual([
      { key: '$unsubscribed#0', after: 'u7' },
      { key: MOVED, movers: { since } },
    ]);
  });

  it('never resumes a MOVED entry part way, even when reading stopped inside it', () => {
    expect(remainingPlan(plan, { key: MOVED, lastId: 'm3', done: false })).toEqual([{ key: MOVED, movers: { since } }]);
  });

  it('applies carry to the MOVED entry only, and puts the recipients not sent first', () => {
    const carried: MoverWindow = { since, earlier: { at, read: {}, reached: ['m1'], exact: true } };
    const rest = remainingPlan(plan, { key: 'post:1', lastId: 's2', done: false }, ['s1'], (entry) => ({
      ...entry,
      movers: carried,
    }));
    expect(rest).toEqual([
      { key: EXPLICIT, ids: ['s1'] },
      { key: 'post:1', after: 's2' },
      { key: '$unsubscribed#0' },
      { key: MOVED, movers: carried },
    ]);
  });

  it('leaves only the recipients not sent once reading is done', () => {
    expect(remainingPlan(plan, { done: true }, ['s1'])).toEqual([{ key: EXPLICIT, ids: ['s1'] }]);
  });
});

describe('splitPlan', () => {
  it('gives each shard to one part and filters the MOVED entry and the topic to each part own shards', () => {
    const parts = splitPlan(recipientPlan('post:1', 4, since), 4, 2);
    expect(parts).toEqual([
      [
        { key: 'post:1', filter: { count: 4, keep: [0, 2] } },
        { key: '$unsubscribed#0' },
        { key: '$unsubscribed#2' },
        { key: MOVED, movers: { since }, filter: { count: 4, keep: [0, 2] } },
      ],
      [
        { key: 'post:1', filter: { count: 4, keep: [1, 3] } },
        { key: '$unsubscribed#1' },
        { key: '$unsubscribed#3' },
        { key: MOVED, movers: { since }, filter: { count: 4, keep: [1, 3] } },
      ],
    ]);
  });
});
