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
 * Where recipients are claimed before they are handed out: `claim` must record, durably, that a
 * part's reading may go up to `position` (and `recipients` recipients in all) before any of them
 * is sent to, so that whoever resumes the part after a crash starts after them.
 */
export interface Claimer {
  /** Recipients claimed at once; the next claim starts when half of these are handed out. */
  chunk: number;
  claim(position: QueuePosition, recipients: number, pending: ReadonlySet<string>): Promise<void>;
}

/**
 * The recipients of a broadcast, pulled one at a time by the senders: the next page is read while
 * the second half of the current one is sent (early enough to be there in time, late enough that
 * the parts of a split broadcast do not all read their whole share from the table at the start),
 * each connection id comes out once however many pages list it, and the position says exactly
 * where a continuation would resume. With a claimer, no id is handed out before it is claimed.
 */
export class RecipientQueue {
  listed = 0;
  recipients = 0;
  /** The store's failure (or the claimer's), if reading stopped on one; the queue then reads as empty. */
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
  /** The claimed stretch of the current page ends before this index. */
  private claimedTo = 0;
  private claiming?: Promise<void>;

  constructor(
    pages: AsyncIterable<KeyedPage>,
    private readonly claimer?: Claimer,
  ) {
    this.iterator = pages[Symbol.asyncIterator]();
    this.nextPage = this.read();
  }

  /** The next recipient not yet handed out, or undefined when there are no more. */
  async take(): Promise<string | undefined> {
    for (;;) {
      if (this.error !== undefined) return undefined;
      while (this.index < this.page.ids.length) {
        if (this.claimer) {
          this.claimAhead();
          if (this.index >= this.claimedTo) {
            await this.claiming;
            if (this.error !== undefined) return undefined;
            continue;
          }
        }
        const id = this.page.ids[this.index++]!;
        if (this.nextPage === undefined && this.index * 2 >= this.page.ids.length) this.nextPage = this.read();
        this.lastKey = this.page.key;
        this.lastId = id;
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        this.recipients++;
        return id;
      }
      if (this.error !== undefined || this.done) return undefined;
      await (this.filling ??= this.fill().finally(() => (this.filling = undefined)));
    }
  }

  /** Starts the next claim once half of the claimed stretch is handed out (or none is left). */
  private claimAhead(): void {
    if (this.claiming !== undefined || this.claimedTo >= this.page.ids.length) return;
    if (this.index + Math.max(1, Math.floor(this.claimer!.chunk / 2)) < this.claimedTo) return;
    this.claiming = this.claimNext().finally(() => (this.claiming = undefined));
  }

  private async claimNext(): Promise<void> {
    const page = this.page;
    const to = Math.min(page.ids.length, this.claimedTo + this.claimer!.chunk);
    const pending = new Set(page.ids.slice(this.index, to).filter((id) => !this.seen.has(id)));
    try {
      const position = { key: page.key, lastId: page.ids[to - 1], done: false };
      await this.claimer!.claim(position, this.recipients + pending.size, pending);
      if (this.page === page) this.claimedTo = Math.max(this.claimedTo, to);
    } catch (error) {
      this.error = error;
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
      this.claimedTo = 0;
      this.listed += result.value.ids.length;
    } catch (error) {
      this.error = error;
      this.done = true;
    }
  }

  /** Whether a connection has been handed out (by this queue, so by this invocation). */
  has(connectionId: string): boolean {
    return this.seen.has(connectionId);
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
