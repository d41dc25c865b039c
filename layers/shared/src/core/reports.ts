/** What a broadcast (or one part of it) did; parts' reports add up. */
export interface DeliveryReport {
  /** Connection ids the store listed, duplicates included: the items the broadcast read. */
  listed: number;
  /** Distinct recipients found. */
  recipients: number;
  /** PostToConnection calls made, retries included. */
  sends: number;
  delivered: number;
  /** Recipients that were gone (410) and have been removed. */
  stale: number;
  /**
   * Recipients that answered 410 while younger than the grace period (API Gateway answers so while
   * a client's handshake is still under way): kept, not delivered.
   */
  connecting: number;
  failed: number;
  /** Recipients not attempted because the deadline came first (known only where no continuation took them). */
  skipped: number;
  /** Sends answered 429 (each was retried after a pause, or counted failed once out of attempts). */
  throttled: number;
  /** Parts that failed and could not be resumed (their recipients left are counted in `unreached`). */
  failedParts: number;
  /**
   * Recipients whose send had started (or been claimed) when the invocation carrying them died:
   * maybe delivered, never sent again (at most one send per recipient).
   */
  unconfirmed: number;
  /** Recipients of a part that could not be resumed (too many failures, or held back past the event age). */
  unreached: number;
  /** False when the deadline cut the broadcast short, or a part failed. */
  complete: boolean;
}

export const emptyReport = (): DeliveryReport => ({
  listed: 0,
  recipients: 0,
  sends: 0,
  delivered: 0,
  stale: 0,
  connecting: 0,
  failed: 0,
  skipped: 0,
  throttled: 0,
  failedParts: 0,
  unconfirmed: 0,
  unreached: 0,
  complete: true,
});

/** The report of a broadcast delivered in parts (parallel invocations, continuations): the parts share no recipient. */
export function addReports(reports: DeliveryReport[]): DeliveryReport {
  const total = emptyReport();
  for (const report of reports) {
    for (const field of REPORT_COUNTERS) total[field] += report[field];
    total.complete &&= report.complete;
  }
  return total;
}

export const REPORT_COUNTERS = [
  'listed',
  'recipients',
  'sends',
  'delivered',
  'stale',
  'connecting',
  'failed',
  'skipped',
  'throttled',
  'failedParts',
  'unconfirmed',
  'unreached',
] as const;
