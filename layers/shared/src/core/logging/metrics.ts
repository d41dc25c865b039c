import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeliveryReport } from '../reports';

/**
 * The app's CloudWatch metrics, as embedded-metric-format lines in the function's log (no API
 * call, no latency). One namespace (POWERTOOLS_METRICS_NAMESPACE, CommentsWebSocket by default)
 * and the `service` dimension; the README's "Operate" section lists every name.
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CommentsWebSocket',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments-websocket',
});

/** Why a handshake was refused: Origin, Token, TokensUnavailable, StoreUnavailable. */
export type RefusalReason = 'Origin' | 'Token' | 'TokensUnavailable' | 'StoreUnavailable';

export function recordConnect(): void {
  metrics.addMetric('Connects', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

export function recordRefusal(reason: RefusalReason): void {
  // Its own line, so the Reason dimension does not stick to the function's other metrics.
  const single = metrics.singleMetric();
  single.addDimension('Reason', reason);
  single.addMetric('ConnectsRefused', MetricUnit.Count, 1);
}

/** A broadcast's answer: what its synchronous parts found, reached and dropped, and how long it took. */
export function recordBroadcast(report: DeliveryReport, durationMs: number, outcome: 'completed' | 'continued'): void {
  addDeliveries(report);
  metrics.addMetric(outcome === 'completed' ? 'BroadcastsCompleted' : 'BroadcastsContinued', MetricUnit.Count, 1);
  metrics.addMetric('BroadcastDuration', MetricUnit.Milliseconds, durationMs);
  metrics.publishStoredMetrics();
}

/** A continuation part's deliveries (the broadcast's answer did not count them). */
export function recordContinuation(report: DeliveryReport): void {
  addDeliveries(report);
  metrics.publishStoredMetrics();
}

function addDeliveries(report: DeliveryReport): void {
  metrics.addMetric('BroadcastRecipients', MetricUnit.Count, report.recipients);
  metrics.addMetric('BroadcastDelivered', MetricUnit.Count, report.delivered);
  metrics.addMetric('BroadcastStale', MetricUnit.Count, report.stale);
  metrics.addMetric('BroadcastFailed', MetricUnit.Count, report.failed);
  metrics.addMetric('BroadcastSkipped', MetricUnit.Count, report.skipped);
  metrics.addMetric('BroadcastThrottled', MetricUnit.Count, report.throttled);
  metrics.addMetric('BroadcastFailedParts', MetricUnit.Count, report.failedParts);
}
