/**
 * How many sends may be in flight, adapted like TCP's congestion window: a slow start (one more per
 * success, doubling each window) up to the first throttle, then additive increase (about one per
 * window of successful sends) and multiplicative decrease (halved on a throttle). API Gateway's
 * account throttle is shared with every other API of the account, so the right concurrency is found
 * by asking, not configured; starting small keeps the parts of a split broadcast from opening with a
 * volley of 429s that only costs both sides CPU.
 */
export class AdaptiveLimit {
  private limit: number;
  /** Below it the limit grows by one per success (slow start); set at the first throttle. */
  private slowStartUntil = Infinity;
  private active = 0;
  /** Bumped on every decrease: throttles of sends started before it were already answered by it. */
  private epoch = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly min = 1,
    initial = 8,
  ) {
    this.limit = Math.max(min, Math.min(max, initial));
  }

  /** The epoch a send starting now belongs to. */
  get epochNow(): number {
    return this.epoch;
  }

  get current(): number {
    return Math.floor(this.limit);
  }

  /** Resolves (at once when there is room) with the epoch the send starts in. */
  acquire(): number | Promise<number> {
    if (this.active < this.current) {
      this.active++;
      return this.epoch;
    }
    return new Promise<number>((resolve) =>
      this.waiters.push(() => {
        this.active++;
        resolve(this.epoch);
      }),
    );
  }

  release(): void {
    this.active--;
    this.wake();
  }

  succeeded(): void {
    if (this.limit >= this.max) return;
    this.limit = Math.min(this.max, this.limit + (this.limit < this.slowStartUntil ? 1 : 1 / this.limit));
    this.wake();
  }

  /** One decrease per window: the many throttles of one burst halve the limit once, not to the floor. */
  throttled(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.epoch++;
    this.limit = Math.max(this.min, this.limit / 2);
    this.slowStartUntil = this.limit;
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.active < this.current) this.waiters.shift()!();
  }
}
