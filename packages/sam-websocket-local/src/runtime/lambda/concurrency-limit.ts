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

  /** Waits for a slot in arrival order; false once `deadline` (epoch ms) passes, or `stop` aborts, without one. */
  take(deadline: number, stop?: AbortSignal): Promise<boolean> {
    if (this.tryTake()) return Promise.resolve(true);
    if (stop?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: { grant: () => void; timer?: NodeJS.Timeout } = {
        grant: () => {
          stop?.removeEventListener('abort', giveUp);
          resolve(true);
        },
      };
      const giveUp = () => {
        clearTimeout(waiter.timer);
        stop?.removeEventListener('abort', giveUp);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(false);
      };
      waiter.timer = setTimeout(giveUp, Math.max(0, deadline - Date.now()));
      stop?.addEventListener('abort', giveUp, { once: true });
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
