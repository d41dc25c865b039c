/** A page of recipients under one index key (the store's RecipientPage). */
export interface KeyedPage {
  key: string;
  ids: string[];
}

/** How far reading got: the key being read and the last id handed out of it; done when nothing is left. */
export interface QueuePosition {
  key?: string;
  lastId?: string;
  done: boolean;
}

/**
 * The recipients of a broadcast, pulled one at a time by the senders: the next page is read while
 * the second half of the current one is sent (early enough to be there in time, late enough that
 * the parts of a split broadcast do not all read their whole share from the table at the start),
 * each connection id comes out once however many pages list it, and the position says exactly
 * where a continuation would resume.
 */
export class RecipientQueue {
  listed = 0;
  recipients = 0;
  /** The store's failure, if reading stopped on one; the queue then reads as empty. */
  error: unknown;
  private readonly iterator: AsyncIterator<KeyedPage>;
  private readonly seen = new Set<string>();
  private page: KeyedPage = { key: '', ids: [] };
  private index = 0;
  private done = false;
  private lastKey?: string;
  private lastId?: string;
  private nextPage?: Promise<IteratorResult<KeyedPage>>;
  private filling?: Promise<void>;

  constructor(pages: AsyncIterable<KeyedPage>) {
    this.iterator = pages[Symbol.asyncIterator]();
    this.nextPage = this.read();
  }

  /** The next recipient not yet handed out, or undefined when there are no more. */
  async take(): Promise<string | undefined> {
    for (;;) {
      while (this.index < this.page.ids.length) {
        const id = this.page.ids[this.index++]!;
        if (this.nextPage === undefined && this.index * 2 >= this.page.ids.length) this.nextPage = this.read();
        this.lastKey = this.page.key;
        this.lastId = id;
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        this.recipients++;
        return id;
      }
      if (this.done) return undefined;
      await (this.filling ??= this.fill().finally(() => (this.filling = undefined)));
    }
  }

  private async fill(): Promise<void> {
    try {
      const result = await (this.nextPage ?? this.read());
      this.nextPage = undefined;
      if (result.done) {
        this.done = true;
        return;
      }
      this.page = result.value;
      this.index = 0;
      this.listed += result.value.ids.length;
    } catch (error) {
      this.error = error;
      this.done = true;
    }
  }

  get position(): QueuePosition {
    const drained = this.index >= this.page.ids.length;
    return { key: this.lastKey ?? (this.page.key || undefined), lastId: this.lastId, done: this.done && drained };
  }

  private read(): Promise<IteratorResult<KeyedPage>> {
    const next = this.iterator.next();
    next.catch(() => undefined); // handled when awaited in fill(); never an unhandled rejection
    return next;
  }
}
