export interface BackoffPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/**
 * For throttled sends (429). Short and many: a 429 is API Gateway's pacing, not a broken
 * recipient, and long per-recipient pauses would leave the account's quota unused while the
 * adaptive limit already slows the whole broadcast down. 100 attempts, each pause at most 40 ms:
 * about 2 s of trying on average, 4 s at most.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 100, baseMs: 10, capMs: 40 };

/** "Full jitter" from the AWS Architecture Blog: spreads retries of many senders apart. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
