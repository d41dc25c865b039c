import { type DeliveryReport, emptyReport } from './fan-out';

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
  'failed',
  'skipped',
  'throttled',
  'failedParts',
] as const;
