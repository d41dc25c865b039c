/**
 * A function's reserved concurrency: at most `limit` invocations at once. A synchronous caller over the
 * cap is refused (Lambda's 429); an asynchronous event waits its turn in order, until it is too old.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: { grant: () => void; timer?: NodeJS.Timeout }[] = [];

  constructor(readonly limit: number) {}

  /** A slot now, or false: the caller is throttled. */
  tryTake(): boolean {
    if (this.running >= this.limit || this.waiting.length > 0) return false;
    this.running++;
    return true;
  }

  /** Waits for a slot in arrival order; false once `deadline` (epoch ms) passes without one. */
  take(deadline: number): Promise<boolean> {
    if (this.tryTake()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: { grant: () => void; timer?: NodeJS.Timeout } = { grant: () => resolve(true) };
      waiter.timer = setTimeout(
        () => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(false);
        },
        Math.max(0, deadline - Date.now()),
      );
      this.waiting.push(waiter);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running--;
      return;
    }
    clearTimeout(next.timer);
    next.grant();
  }
}
