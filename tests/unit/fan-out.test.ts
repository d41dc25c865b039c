import { EXPLICIT, remainingPlan } from '@comments-websocket/shared';
import { AdaptiveLimit, fanOut } from '@comments-websocket/shared/fanout';
import { pagesOf, serviceError } from '../support/pages';

const fast = { maxAttempts: 4, baseMs: 1, capMs: 2 };

/** Two recipients, 'a' met by a 429 on every attempt: the report and how often 'a' was tried. */
async function throttleOutlastsRetries(leaveRest: boolean) {
  let attempts = 0;
  const report = await fanOut({
    recipients: pagesOf(['a', 'b']),
    send: async (id) => {
      if (id === 'a') {
        attempts++;
        throw serviceError('LimitExceededException', 429);
      }
    },
    removeStale: async () => true,
    concurrency: 2,
    backoff: fast,
    leaveRest,
  });
  return { attempts, report };
}

describe('fanOut', () => {
  it('sends to every recipient across pages and reports them delivered', async () => {
    // Prepare
    const sent: string[] = [];
    // Act
    const { handedOut, ...report } = await fanOut({
      recipients: pagesOf(['a', 'b'], ['c'], ['d', 'e']),
      send: async (id) => void sent.push(id),
      removeStale: async () => true,
      concurrency: 2,
    });
    // Assess
    expect(sent.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(['a', 'e', 'z'].map(handedOut)).toEqual([true, true, false]);
    expect(report).toEqual({
      listed: 5,
      recipients: 5,
      sends: 5,
      delivered: 5,
      stale: 0,
      connecting: 0,
      failed: 0,
      skipped: 0,
      throttled: 0,
      failedParts: 0,
      unconfirmed: 0,
      unreached: 0,
      complete: true,
      position: { key: 'k', lastId: 'e', done: true },
      unsent: [],
    });
  });

  it('sends once to a recipient listed under two partitions', async () => {
    const sent: string[] = [];
    const report = await fanOut({
      recipients: pagesOf(['a', 'b'], ['b', 'c']),
      send: async (id) => void sent.push(id),
      removeStale: async () => true,
      concurrency: 4,
    });
    expect(sent.sort()).toEqual(['a', 'b', 'c']);
    expect(report).toMatchObject({ listed: 4, recipients: 3, sends: 3 });
  });

  it('removes the recipient that answered GoneException, not anyone else', async () => {
    const removed: string[] = [];
    const report = await fanOut({
      recipients: pagesOf(['a', 'gone', 'c']),
      send: async (id) => {
        if (id === 'gone') throw serviceError('GoneException', 410);
      },
      removeStale: async (id) => {
        removed.push(id);
        return true;
      },
      concurrency: 8,
    });
    expect(removed).toEqual(['gone']);
    expect(report).toMatchObject({ delivered: 2, stale: 1, connecting: 0, failed: 0 });
  });

  it('counts a gone recipient that was kept (still connecting) apart from the stale ones it removed', async () => {
    const report = await fanOut({
      recipients: pagesOf(['a', 'young', 'old']),
      send: async (id) => {
        if (id !== 'a') throw serviceError('GoneException', 410);
      },
      removeStale: async (id) => id === 'old',
      concurrency: 8,
    });
    expect(report).toMatchObject({ delivered: 1, stale: 1, connecting: 1, failed: 0 });
  });

  it('retries a throttled send and counts it delivered when a retry succeeds', async () => {
    let attempts = 0;
    const report = await fanOut({
      recipients: pagesOf(['a']),
      send: async () => {
        attempts++;
        if (attempts === 1) throw serviceError('LimitExceededException', 429);
      },
      removeStale: async () => true,
      concurrency: 1,
      backoff: fast,
    });
    expect(attempts).toBe(2);
    expect(report).toMatchObject({ sends: 2, delivered: 1, failed: 0 });
  });

  it('counts a recipient failed once throttling outlasts the retries', async () => {
    const { attempts, report } = await throttleOutlastsRetries(false);
    expect(attempts).toBe(fast.maxAttempts);
    expect(report).toMatchObject({ delivered: 1, failed: 1 });
  });

  it('counts other failures without failing the broadcast', async () => {
    const errors: string[] = [];
    const report = await fanOut({
      recipients: pagesOf(['a', 'b', 'c']),
      send: async (id) => {
        if (id === 'b') throw serviceError('ForbiddenException', 403);
      },
      removeStale: async () => true,
      concurrency: 3,
      onError: (id) => errors.push(id),
    });
    expect(report).toMatchObject({ delivered: 2, failed: 1, stale: 0 });
    expect(errors).toEqual(['b']);
  });

  it('never has more sends in flight than the concurrency allows', async () => {
    let inFlight = 0;
    let peak = 0;
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    await fanOut({
      recipients: pagesOf(ids.slice(0, 20), ids.slice(20)),
      send: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
      },
      removeStale: async () => true,
      concurrency: 7,
    });
    expect(peak).toBe(7);
  });

  it('stops starting sends at the deadline and says the broadcast is incomplete', async () => {
    let clock = 0;
    const report = await fanOut({
      recipients: pagesOf(['a', 'b', 'c', 'd']),
      send: async () => {
        clock += 10;
      },
      removeStale: async () => true,
      concurrency: 1,
      deadline: 20,
      now: () => clock,
    });
    expect(report).toMatchObject({
      listed: 4,
      recipients: 4,
      sends: 2,
      delivered: 2,
      stale: 0,
      failed: 0,
      skipped: 2,
      throttled: 0,
      complete: false,
    });
  });

  it('leaves the rest unread at the deadline and says after which recipient of which key to resume', async () => {
    let clock = 0;
    const sent: string[] = [];
    async function* keyed() {
      yield { key: 'post:1', ids: ['a', 'b'] };
      yield { key: '$unsubscribed#0', ids: ['c', 'd', 'e'] };
      yield { key: '$unsubscribed#1', ids: ['f'] };
    }
    const report = await fanOut({
      recipients: keyed(),
      send: async (id) => {
        sent.push(id);
        clock += 10;
      },
      removeStale: async () => true,
      concurrency: 1,
      deadline: 30,
      now: () => clock,
      leaveRest: true,
    });
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(report).toMatchObject({
      delivered: 3,
      skipped: 0,
      complete: false,
      position: { key: '$unsubscribed#0', lastId: 'c', done: false },
    });
  });

  it('keeps counting when removing a stale recipient fails', async () => {
    const report = await fanOut({
      recipients: pagesOf(['gone']),
      send: async () => {
        throw serviceError('GoneException', 410);
      },
      removeStale: async () => {
        throw new Error('table down');
      },
      concurrency: 1,
    });
    expect(report).toMatchObject({ stale: 1, failed: 0 });
  });

  it('backs off while the API throttles and still reaches everyone', async () => {
    // Prepare: an API that accepts at most 5 sends in flight and answers 429 beyond that.
    let inFlight = 0;
    let peakAfterThrottle = 0;
    let throttledOnce = false;
    const ids = Array.from({ length: 400 }, (_, i) => `c${i}`);
    // Act
    const report = await fanOut({
      recipients: pagesOf(ids.slice(0, 150), ids.slice(150)),
      send: async () => {
        inFlight++;
        try {
          if (throttledOnce) peakAfterThrottle = Math.max(peakAfterThrottle, inFlight);
          if (inFlight > 5) {
            throttledOnce = true;
            throw serviceError('LimitExceededException', 429);
          }
          await new Promise((resolve) => setImmediate(resolve));
        } finally {
          inFlight--;
        }
      },
      removeStale: async () => true,
      concurrency: 64,
      backoff: { maxAttempts: 50, baseMs: 1, capMs: 4 },
    });
    // Assess
    expect(report).toMatchObject({ recipients: 400, delivered: 400, failed: 0 });
    expect(report.throttled).toBeGreaterThan(0);
    expect(report.sends).toBe(400 + report.throttled);
    expect(peakAfterThrottle).toBeLessThan(64);
  });

  it('fails the broadcast when listing recipients fails, after the sends under way end', async () => {
    let sendsUnderWay = 0;
    async function* brokenPages() {
      yield { key: 'k', ids: ['a', 'b'] };
      throw new Error('table down');
    }
    const failure = fanOut({
      recipients: brokenPages(),
      send: async () => {
        sendsUnderWay++;
        await new Promise((resolve) => setImmediate(resolve));
        sendsUnderWay--;
      },
      removeStale: async () => true,
      concurrency: 4,
    });
    await expect(failure).rejects.toThrow('table down');
    expect(sendsUnderWay).toBe(0);
  });
});

describe('fanOut at a deadline with a continuation to come', () => {
  it('hands a recipient whose retries the throttle outlasted to the continuation, never counting it failed', async () => {
    const { attempts, report } = await throttleOutlastsRetries(true);
    // A 429 means nothing was delivered: the continuation may try again, nobody gets it twice.
    expect(attempts).toBe(fast.maxAttempts);
    expect(report).toMatchObject({
      delivered: 1,
      failed: 0,
      throttled: fast.maxAttempts,
      complete: false,
      unsent: ['a'],
    });
  });

  it('hands a recipient still waiting out a 429 to the continuation instead of failing it', async () => {
    let clock = 0;
    const report = await fanOut({
      recipients: pagesOf(['a', 'b', 'c']),
      send: async (id) => {
        clock += 10;
        if (id === 'b') throw serviceError('LimitExceededException', 429);
      },
      removeStale: async () => true,
      concurrency: 1,
      deadline: 15,
      now: () => clock,
      leaveRest: true,
    });
    expect(report).toMatchObject({
      delivered: 1,
      failed: 0,
      recipients: 1,
      complete: false,
      unsent: ['b'],
      position: { key: 'k', lastId: 'b', done: false },
    });
    const rest = remainingPlan([{ key: 'k' }], report.position, report.unsent);
    expect(rest).toEqual([
      { key: EXPLICIT, ids: ['b'] },
      { key: 'k', after: 'b' },
    ]);
  });
});

describe('AdaptiveLimit', () => {
  it('starts small and doubles each window of successful sends until the first throttle', () => {
    const limit = new AdaptiveLimit(64, 1, 8);
    expect(limit.current).toBe(8);
    for (let i = 0; i < 8; i++) limit.succeeded();
    expect(limit.current).toBe(16);
    for (let i = 0; i < 16; i++) limit.succeeded();
    expect(limit.current).toBe(32);
    limit.throttled(limit.epochNow);
    expect(limit.current).toBe(16);
    // After a throttle growth is additive: about one per window of 16.
    for (let i = 0; i < 16; i++) limit.succeeded();
    expect(limit.current).toBe(16);
    for (let i = 0; i < 2; i++) limit.succeeded();
    expect(limit.current).toBe(17);
  });

  it('halves once for the throttles of one window and grows back while sends succeed', () => {
    const limit = new AdaptiveLimit(64, 1, 64);
    const epochs = Array.from({ length: 10 }, () => limit.acquire() as number);
    for (const epoch of epochs) limit.throttled(epoch);
    expect(limit.current).toBe(32);
    for (let i = 0; i < 10; i++) limit.release();
    for (let i = 0; i < 32 * 4; i++) limit.succeeded();
    expect(limit.current).toBeGreaterThan(32);
    expect(limit.current).toBeLessThanOrEqual(64);
  });

  it('hands a recipient taken while the deadline passed to the continuation, never skipping it', async () => {
    // Prepare: the second page is read while one sender sends 'a'; the deadline passes before it answers.
    let clock = 0;
    let release: () => void = () => undefined;
    const secondPage = new Promise<void>((resolve) => (release = resolve));
    async function* pages() {
      yield { key: 'k', ids: ['a'] };
      await secondPage;
      yield { key: 'k', ids: ['b'] };
    }
    // Act
    const result = fanOut({
      recipients: pages(),
      send: async () => {
        clock = 20;
        release();
      },
      removeStale: async () => true,
      concurrency: 2,
      deadline: 15,
      now: () => clock,
      leaveRest: true,
    });
    const report = await result;
    // Assess: 'b' was handed out after the deadline: not sent, not skipped, but left to the continuation
    expect(report).toMatchObject({ delivered: 1, skipped: 0, unsent: ['b'], recipients: 1, complete: false });
    expect(remainingPlan([{ key: 'k' }], report.position, report.unsent)[0]).toEqual({ key: EXPLICIT, ids: ['b'] });
  });
});
