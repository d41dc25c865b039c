/**
 * API Gateway's account-level throttle: a token bucket (steady rate, burst capacity) shared by
 * every REST, HTTP and WebSocket API of the account and region, `@connections` calls included.
 * Off unless a rate is given: locally nothing else shares the account, so AWS's default
 * (10,000/s, burst 5,000) would never bind; set a rate to see how a broadcast meets the quota.
 */
export interface ThrottleSettings {
  ratePerSecond: number;
  burst: number;
}

export class AccountThrottle {
  private tokens: number;
  private refilledAt: number;
  throttled = 0;

  constructor(
    readonly settings: ThrottleSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = settings.burst;
    this.refilledAt = now();
  }

  /** Takes a token; false means answer 429. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(
      this.settings.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.settings.ratePerSecond,
    );
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.throttled++;
    return false;
  }
}
