import { RecipientQueue } from '@comments-websocket/shared/fanout';

/** Pages on demand, recording when each was asked for. */
function trackedPages(pages: string[][]) {
  const requested: number[] = [];
  async function* source() {
    for (const [index, ids] of pages.entries()) {
      requested.push(index);
      yield { key: 'k', ids };
    }
  }
  return { source: source(), requested };
}

describe('RecipientQueue', () => {
  it('reads the next page once half of the current one is handed out, not before', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const { source, requested } = trackedPages([ids, ['d0', 'd1']]);
    const queue = new RecipientQueue(source);
    expect(await queue.take()).toBe('c0');
    await new Promise((resolve) => setImmediate(resolve));
    expect(requested).toEqual([0]);
    for (let i = 1; i < 5; i++) await queue.take();
    await new Promise((resolve) => setImmediate(resolve));
    expect(requested).toEqual([0, 1]);
    const rest: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) rest.push(await queue.take());
    expect(rest).toEqual(['c5', 'c6', 'c7', 'c8', 'c9', 'd0', 'd1', undefined]);
    expect(queue.position).toEqual({ key: 'k', lastId: 'd1', done: true });
  });
});
