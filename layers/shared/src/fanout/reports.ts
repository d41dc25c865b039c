import type { DeliveryReport } from './fan-out';

/** The report of a broadcast delivered in parts (parallel invocations, continuations): the parts share no recipient. */
export function addReports(reports: DeliveryReport[]): DeliveryReport {
  const total: DeliveryReport = { listed: 0, recipients: 0, sends: 0, delivered: 0, stale: 0, failed: 0, skipped: 0, throttled: 0, complete: true };
  for (const report of reports) {
    for (const field of ['listed', 'recipients', 'sends', 'delivered', 'stale', 'failed', 'skipped', 'throttled'] as const) total[field] += report[field];
    total.complete &&= report.complete;
  }
  return total;
}

export const REPORT_COUNTERS = ['listed', 'recipients', 'sends', 'delivered', 'stale', 'failed', 'skipped', 'throttled'] as const;
