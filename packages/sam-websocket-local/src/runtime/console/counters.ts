/** Totals since start, and the last whole second's frames (messages/s without keeping a history). */
export class Counters {
  messagesIn = 0;
  messagesOut = 0;
  invocations = 0;
  invocationErrors = 0;
  /** Messages answered "Too Many Requests" by the per-connection quota. */
  refused = 0;
  private second = 0;
  private thisSecond = 0;
  private lastSecond = 0;

  constructor(private readonly now: () => number = Date.now) {}

  frame(direction: 'in' | 'out'): void {
    if (direction === 'in') this.messagesIn++;
    else this.messagesOut++;
    this.roll();
    this.thisSecond++;
  }

  /** Frames, both ways, in the last whole second. */
  messagesPerSecond(): number {
    this.roll();
    return this.lastSecond;
  }

  private roll(): void {
    const second = Math.floor(this.now() / 1000);
    if (second === this.second) return;
    this.lastSecond = second === this.second + 1 ? this.thisSecond : 0;
    this.thisSecond = 0;
    this.second = second;
  }
}
