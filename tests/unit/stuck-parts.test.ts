import { emptyReport, recipientPlan, splitPlan } from '@comments-websocket/shared';
import type { BroadcastHeader, PartState } from '@comments-websocket/shared/store';
import { type FanoutWorkEvent, resumeStuckParts } from '@comments-websocket/shared/invoke';

const now = 1_700_000_100_000;
const header: BroadcastHeader = {
  broadcastId: 'b1',
  type: 't',
  topic: 'post:1',
  since: 1_700_000_000_000,
  parts: 2,
  shards: 4,
  payload: Buffer.from('hi'),
  startBy: now - 1,
  startedAt: '2026-01-01T00:00:00.000Z',
};
const part = (index: number, changes: Partial<PartState>): PartState => ({
  part: index,
  owner: 'o',
  leaseUntil: now + 60_000,
  plan: [],
  report: emptyReport(),
  resumes: 0,
  done: false,
  ...changes,
});

function invoker() {
  const invoked: FanoutWorkEvent[] = [];
  return { invoked, continueLater: async (work: FanoutWorkEvent) => void invoked.push(work) };
}

describe('resumeStuckParts', () => {
  it('starts a part never started after startBy, with its first plan', async () => {
    const workers = invoker();

    const resumed = await resumeStuckParts(workers, header, [part(0, { done: true })], now);

    expect(resumed).toBe(1);
    const firstPlan = splitPlan(recipientPlan('post:1', 4, header.since), 4, 2)[1];
    expect(workers.invoked).toEqual([
      {
        broadcastId: 'b1',
        part: 1,
        owner: expect.any(String),
        payload: Buffer.from('hi').toString('base64'),
        plan: firstPlan,
      },
    ]);
  });

  it('waits for a part not started yet while startBy has not passed', async () => {
    const workers = invoker();
    expect(await resumeStuckParts(workers, { ...header, startBy: now + 1 }, [part(0, {})], now)).toBe(0);
    expect(workers.invoked).toEqual([]);
  });

  it('resumes a part whose lease ran out from whoever holds it', async () => {
    const workers = invoker();

    await resumeStuckParts(workers, header, [part(0, { leaseUntil: now - 1 }), part(1, {})], now);

    expect(workers.invoked).toEqual([expect.objectContaining({ broadcastId: 'b1', part: 0, resume: {} })]);
    expect(workers.invoked[0]!.plan).toBeUndefined();
  });

  it('resumes nothing when every part is done or alive', async () => {
    const workers = invoker();
    const parts = [part(0, { done: true, leaseUntil: 0 }), part(1, { leaseUntil: now + 1 })];
    expect(await resumeStuckParts(workers, header, parts, now)).toBe(0);
    expect(workers.invoked).toEqual([]);
  });

  it('gives a one-part broadcast its whole plan', async () => {
    const workers = invoker();
    await resumeStuckParts(workers, { ...header, parts: 1 }, [], now);
    expect(workers.invoked[0]!.plan).toEqual(recipientPlan('post:1', 4, header.since));
  });
});
