/**
 * The recipients of a broadcast, pulled one at a time by the senders: one page is sent while the
 * next is read, and each connection id comes out once however many pages list it.
 */
export class RecipientQueue {
  listed = 0;
  recipients = 0;
  /** The store's failure, if reading stopped on one; the queue then reads as empty. */
  error: unknown;
  private readonly iterator: AsyncIterator<string[]>;
  private readonly seen = new Set<string>();
  private page: string[] = [];
  private index = 0;
  private done = false;
  private nextPage: Promise<IteratorResult<string[]>>;
  private filling?: Promise<void>;

  constructor(pages: AsyncIterable<string[]>) {
    this.iterator = pages[Symbol.asyncIterator]();
    this.nextPage = this.read();
  }

  /** The next recipient not yet handed out, or undefined when there are no more. */
  async take(): Promise<string | undefined> {
    for (;;) {
      while (this.index < this.page.length) {
        const id = this.page[this.index++]!;
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
      const result = await this.nextPage;
      if (result.done) {
        this.done = true;
        return;
      }
      this.page = result.value;
      this.index = 0;
      this.listed += result.value.length;
      this.nextPage = this.read();
    } catch (error) {
      this.error = error;
      this.done = true;
    }
  }

  private read(): Promise<IteratorResult<string[]>> {
    const next = this.iterator.next();
    next.catch(() => undefined); // handled when awaited in fill(); never an unhandled rejection
    return next;
  }
}
