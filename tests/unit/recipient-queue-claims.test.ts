import { type Claimer, type QueuePosition, RecipientQueue } from '@comments-websocket/shared/fanout';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);

async function* pagesOf(...pages: string[][]) {
  for (const page of pages) yield { key: 'k', ids: page };
}

/** A claimer whose claims resolve only when the test says so, recording what each claimed. */
function heldClaimer(chunk: number) {
  const claims: { position: QueuePosition; recipients: number; pending: string[] }[] = [];
  const releases: ((error?: Error) => void)[] = [];
  const claimer: Claimer = {
    chunk,
    claim: (position, recipients, pending) => {
      claims.push({ position, recipients, pending: [...pending] });
      return new Promise<void>((resolve, reject) => releases.push((error) => (error ? reject(error) : resolve())));
    },
  };
  return { claimer, claims, release: (index: number, error?: Error) => releases[index]!(error) };
}

/** A claimer that resolves every claim at once. */
function promptClaimer(chunk: number) {
  const claims: { position: QueuePosition; recipients: number }[] = [];
  const claimer: Claimer = {
    chunk,
    claim: async (position, recipients) => void claims.push({ position, recipients }),
  };
  return { claimer, claims };
}

describe('RecipientQueue with a claimer', () => {
  it('hands out no id before the claim that covers it has resolved', async () => {
    // Prepare
    const { claimer, claims, release } = heldClaimer(4);
    const queue = new RecipientQueue(pagesOf(ids), claimer);
    let taken: string | undefined;

    // Act
    const take = queue.take().then((id) => (taken = id));
    await settle();
    const beforeRelease = taken;
    release(0);
    await take;

    // Assess
    expect(claims).toHaveLength(1);
    expect(beforeRelease).toBeUndefined();
    expect(taken).toBe('c0');
  });

  it('claims a chunk at a time, with the position of its last id and the recipients claimed so far', async () => {
    const { claimer, claims } = promptClaimer(4);
    const queue = new RecipientQueue(pagesOf(ids), claimer);

    const taken: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) taken.push(await queue.take());

    expect(taken).toEqual([...ids, undefined]);
    expect(claims).toEqual([
      { position: { key: 'k', lastId: 'c3', done: false }, recipients: 4 },
      { position: { key: 'k', lastId: 'c7', done: false }, recipients: 8 },
      { position: { key: 'k', lastId: 'c9', done: false }, recipients: 10 },
    ]);
  });

  it('starts the next claim once half of the chunk is handed out, while the rest of it is still being sent', async () => {
    const { claimer, claims, release } = heldClaimer(4);
    const queue = new RecipientQueue(pagesOf(ids), claimer);
    const first = queue.take();
    await settle();
    release(0);
    await first;

    await queue.take();
    await settle();
    const claimsAfterTwo = claims.length;
    const third = await queue.take();
    await settle();

    expect(claimsAfterTwo).toBe(1);
    expect(third).toBe('c2');
    expect(claims).toHaveLength(2);
    expect(claims[1]).toMatchObject({ position: { lastId: 'c7' }, recipients: 8 });
  });

  it('does not count an id seen on an earlier page among the recipients a claim covers', async () => {
    const { claimer, claims } = promptClaimer(4);
    const queue = new RecipientQueue(pagesOf(['a', 'b'], ['b', 'c']), claimer);

    while ((await queue.take()) !== undefined);

    expect(claims.map((claim) => claim.recipients)).toEqual([2, 3]);
  });

  it('stops on a failing claim: the error is kept, take() answers undefined, and nothing unclaimed is handed out', async () => {
    // Prepare: the first chunk (c0..c3) is claimed, the second claim fails.
    const { claimer, release } = heldClaimer(4);
    const queue = new RecipientQueue(pagesOf(ids), claimer);
    const failure = new Error('ProvisionedThroughputExceededException');
    const first = queue.take();
    await settle();
    release(0);
    const taken = [await first];

    // Act
    for (let i = 0; i < 2; i++) taken.push(await queue.take());
    release(1, failure);
    for (let i = 0; i < 3; i++) taken.push(await queue.take());

    // Assess
    expect(taken).toEqual(['c0', 'c1', 'c2', 'c3', undefined, undefined]);
    expect(queue.error).toBe(failure);
  });
});
