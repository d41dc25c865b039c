import type { Context } from 'aws-lambda';
import { EXPLICIT, type RecipientPlan, emptyReport } from '@comments-websocket/shared';
import type { PartState } from '@comments-websocket/shared/store';
import type { FailedInvocationRecord, FanoutWorkEvent } from '@comments-websocket/shared/invoke';
import { MAX_RESUMES, createWorkerHandler } from '../../functions/fanout-worker/handler';
import { MemoryBroadcastRecords } from '../support/memory-broadcast-records';

const LISTING: Record<string, string[]> = { '$all#0': ['a', 'b', 'c', 'd', 'e'] };
const payload = Buffer.from('hi').toString('base64');

/** A worker over one index key of five connections; `tick` ms pass per send. */
function setUp({ remainingMs = 60_000, tick = 0, continueLater = async () => undefined } = {}) {
  const sent: string[] = [];
  const continued: FanoutWorkEvent[] = [];
  const records = new MemoryBroadcastRecords();
  let clock = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
  const handler = createWorkerHandler({
    store: {
      async *recipients(plan: RecipientPlan) {
        for (const entry of plan) {
          const ids = entry.key === EXPLICIT ? entry.ids! : (LISTING[entry.key] ?? []);
          yield { key: entry.key, ids: entry.after ? ids.slice(ids.indexOf(entry.after) + 1) : ids };
        }
      },
      async *movers() {},
      shards: 1,
      removeStaleConnection: async () => false,
    },
    sender: {
      post: async (connectionId: string) => {
        clock += tick;
        sent.push(connectionId);
      },
    },
    concurrency: 1,
    staleGraceMs: 30_000,
    records,
    invoker: {
      continueLater: async (work) => {
        records.calls.push(`continueLater ${work.broadcastId} ${work.part}`);
        continued.push(work);
        await continueLater();
      },
    },
    handOffLeaseMs: 900_000,
  });
  const context = { getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
  const run = (event: FanoutWorkEvent | FailedInvocationRecord) => handler(event, context);
  const now = () => clock;
  return { run, sent, continued, records, now };
}

/** A part as an invocation that claimed `claimed` recipients and delivered `delivered` of them left it. */
function partOwnedBy(owner: string, plan: RecipientPlan, claimed: number, delivered: number, resumes = 0): PartState {
  const report = { ...emptyReport(), recipients: claimed, sends: delivered, delivered, complete: false };
  return { part: 0, owner, leaseUntil: 2_000_000, plan, report, resumes, done: false };
}

afterEach(() => jest.restoreAllMocks());

describe('fan-out worker as a continuation', () => {
  it('records its figures and the next owner before handing the rest on, so the next part resumes after them', async () => {
    // Prepare: three recipients' time: the deadline comes after two sends.
    const { run, records, continued, sent } = setUp({ remainingMs: 3000 + 50, tick: 30 });
    await records.startPart('b-1', partOwnedBy('o1', [{ key: '$all#0' }], 0, 0));
    records.calls.length = 0;

    // Act
    const outcome = await run({ broadcastId: 'b-1', part: 0, owner: 'o1', payload });

    // Assess
    expect(sent).toEqual(['a', 'b']);
    expect(outcome).toMatchObject({ continued: true, report: { delivered: 2 } });
    expect(records.calls.slice(-2)).toEqual(['advance b-1 0', 'continueLater b-1 0']);
    const state = records.part('b-1', 0)!;
    expect(state).toMatchObject({ owner: continued[0]!.owner, done: false, plan: [{ key: '$all#0', after: 'b' }] });
    expect(state.report).toMatchObject({ delivered: 2, recipients: 2 });
    expect(continued[0]).toMatchObject({ broadcastId: 'b-1', part: 0, payload });
  });

  it('leaves the rest to whoever resumes the part once its lease runs out when it cannot be handed on', async () => {
    const { run, records, now } = setUp({
      remainingMs: 3000 + 50,
      tick: 30,
      continueLater: async () => {
        throw new Error('Rate exceeded');
      },
    });
    await records.startPart('b-1', partOwnedBy('o1', [{ key: '$all#0' }], 0, 0));

    const outcome = await run({ broadcastId: 'b-1', part: 0, owner: 'o1', payload });

    expect(outcome.continued).toBe(true);
    const state = records.part('b-1', 0)!;
    expect(state).toMatchObject({ done: false, plan: [{ key: '$all#0', after: 'b' }] });
    expect(state.leaseUntil).toBeGreaterThan(now());
    expect(state.leaseUntil).toBeLessThanOrEqual(now() + 900_000);
  });

  it('does nothing for a part another invocation owns now', async () => {
    const { run, records, sent } = setUp();
    await records.startPart('b-1', partOwnedBy('someone-else', [{ key: '$all#0' }], 0, 0));

    const outcome = await run({ broadcastId: 'b-1', part: 0, owner: 'o1', payload });

    expect(outcome).toEqual({ report: emptyReport(), continued: false });
    expect(sent).toEqual([]);
  });
});

describe('fan-out worker with no time to send', () => {
  it.each([
    ['a broadcast to everyone', [{ key: '$all#0' }]],
    [
      'a topic broadcast, whose plan ends with the movers',
      [{ key: '$all#0' }, { key: '$moved', movers: { since: 0 } }],
    ],
  ])('gives %s up instead of handing the same plan on forever', async (_case, plan: RecipientPlan) => {
    // Prepare: less time left than the reserve, so the deadline has passed before the first send.
    const { run, records, continued, sent } = setUp({ remainingMs: 2000 });
    await records.startPart('b-8', partOwnedBy('o1', plan, 0, 0));

    // Act
    const outcome = await run({ broadcastId: 'b-8', part: 0, owner: 'o1', payload });

    // Assess
    expect(sent).toEqual([]);
    expect(continued).toEqual([]);
    expect(outcome).toMatchObject({ continued: false, report: { failedParts: 1, unreached: 5 } });
  });
});

describe('fan-out worker starting a part', () => {
  it('starts a fresh part once: a second start finds it taken and sends nothing', async () => {
    const { run, records, sent } = setUp();
    const work = { broadcastId: 'b-2', part: 0, owner: 'o1', payload, plan: [{ key: '$all#0' }] };

    const first = await run(work);
    const second = await run({ ...work, owner: 'o2' });

    expect(first.report).toMatchObject({ delivered: 5, recipients: 5 });
    expect(second).toEqual({ report: emptyReport(), continued: false });
    expect(sent).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(records.part('b-2', 0)).toMatchObject({ owner: 'o1', done: true, plan: [] });
  });
});

describe('fan-out worker recovering a part', () => {
  it('takes a part over from the invocation Lambda gave up on and resumes after its last claim, counting the claimed-but-unsettled as unconfirmed', async () => {
    // Prepare: the dead owner claimed a..c (3) and delivered a, b before it died.
    const { run, records, sent } = setUp();
    await records.startPart('b-3', partOwnedBy('dead', [{ key: '$all#0', after: 'c' }], 3, 2));
    const failure: FailedInvocationRecord = {
      requestContext: { condition: 'RetriesExhausted', requestId: 'req-1', approximateInvokeCount: 3 },
      requestPayload: { broadcastId: 'b-3', part: 0, owner: 'dead', payload },
    };

    // Act
    await run(failure);

    // Assess
    expect(sent).toEqual(['d', 'e']);
    expect(records.part('b-3', 0)).toMatchObject({ owner: 'recovery-req-1', done: true, resumes: 1 });
    expect(records.part('b-3', 0)!.report).toMatchObject({ delivered: 4, unconfirmed: 1, recipients: 5 });
  });

  it('resumes from the owner a waiting broadcast gave up on (resume.from)', async () => {
    const { run, records, sent } = setUp();
    await records.startPart('b-4', partOwnedBy('waited', [{ key: '$all#0', after: 'a' }], 1, 1));

    await run({ broadcastId: 'b-4', part: 0, owner: 'new', payload, resume: { from: 'waited' } });

    expect(sent).toEqual(['b', 'c', 'd', 'e']);
    expect(records.part('b-4', 0)).toMatchObject({ owner: 'new', done: true });
  });

  it('gives up a part Lambda held back past its event age: its recipients left are unreached, none is sent to', async () => {
    const { run, records, sent } = setUp();
    await records.startPart('b-5', partOwnedBy('late', [{ key: '$all#0', after: 'b' }], 2, 2));
    const failure: FailedInvocationRecord = {
      requestContext: { condition: 'EventAgeExceeded', requestId: 'req-2' },
      requestPayload: { broadcastId: 'b-5', part: 0, owner: 'late', payload },
    };

    const outcome = await run(failure);

    expect(sent).toEqual([]);
    expect(outcome.report).toMatchObject({ unreached: 3, failedParts: 1, complete: false });
    const state = records.part('b-5', 0)!;
    expect(state.done).toBe(true);
    expect(state.report).toMatchObject({ delivered: 2, unreached: 3, failedParts: 1 });
  });

  it(`gives a part up after more than ${MAX_RESUMES} resumes instead of trying again`, async () => {
    const { run, records, sent } = setUp();
    await records.startPart('b-6', partOwnedBy('dead', [{ key: '$all#0', after: 'a' }], 1, 1, MAX_RESUMES));
    const failure: FailedInvocationRecord = {
      requestContext: { condition: 'RetriesExhausted', requestId: 'req-3' },
      requestPayload: { broadcastId: 'b-6', part: 0, owner: 'dead', payload },
    };

    const outcome = await run(failure);

    expect(sent).toEqual([]);
    expect(outcome.report).toMatchObject({ unreached: 4, failedParts: 1 });
    expect(records.part('b-6', 0)).toMatchObject({ done: true, resumes: MAX_RESUMES + 1 });
  });

  it('resumes a part once when a second failure record for it arrives', async () => {
    const { run, records, sent } = setUp();
    await records.startPart('b-7', partOwnedBy('dead', [{ key: '$all#0', after: 'c' }], 3, 3));
    const failure: FailedInvocationRecord = {
      requestContext: { condition: 'RetriesExhausted', requestId: 'req-4' },
      requestPayload: { broadcastId: 'b-7', part: 0, owner: 'dead', payload },
    };

    await run(failure);
    await run(failure);

    expect(sent).toEqual(['d', 'e']);
  });
});
