import type { Context } from 'aws-lambda';
import { createWorkerHandler } from '../../functions/fanout-worker/handler';

/** A continuation whose clock runs out after two sends, so part of its plan is left for the next one. */
function setUp(continueLater: () => Promise<void>) {
  const calls: string[] = [];
  let clock = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
  const handler = createWorkerHandler({
    store: {
      async *recipients() {
        yield { key: '$all#0', ids: ['a', 'b', 'c', 'd', 'e'] };
      },
      removeStaleConnection: async () => false,
    },
    sender: {
      post: async () => {
        clock += 30;
      },
    },
    concurrency: 1,
    staleGraceMs: 30_000,
    records: {
      add: async (_id, report, pendingChange) => void calls.push(`add ${report.delivered} ${pendingChange}`),
    },
    workers: {
      continueLater: async () => {
        calls.push('continueLater');
        await continueLater();
      },
    },
  });
  const context = { getRemainingTimeInMillis: () => 3000 + 50 } as unknown as Context;
  const event = { plan: [{ key: '$all#0' }], payload: Buffer.from('hi').toString('base64'), broadcastId: 'b-1' };
  return { run: () => handler(event, context), calls };
}

afterEach(() => jest.restoreAllMocks());

describe('fan-out worker as a continuation', () => {
  it('records its figures before handing the rest on, so the next part cannot complete the broadcast without them', async () => {
    const { run, calls } = setUp(async () => undefined);
    await run();
    expect(calls).toEqual(['add 2 0', 'continueLater']);
  });

  it('ends the broadcast with a failed part when the rest cannot be handed on', async () => {
    const { run, calls } = setUp(async () => {
      throw new Error('Rate exceeded');
    });
    await run();
    expect(calls).toEqual(['add 2 0', 'continueLater', 'add 0 -1']);
  });
});
