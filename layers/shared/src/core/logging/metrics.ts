import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
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

/**
 * Powertools' `logMetrics` as a plain wrapper (its middleware needs middy, its decorator a class): a
 * `ColdStart` metric on an environment's first invocation, and whatever the handler stored flushed
 * when it returns or throws, so a failing invocation's metrics are not lost or mixed into the next one.
 */
export function withMetrics<Event, Result>(
  handler: (event: Event, context?: Context) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result>;
export function withMetrics<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result>;
export function withMetrics<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  return async (event, context) => {
    metrics.captureColdStartMetric(context?.functionName);
    try {
      return await handler(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

/**
 * Why a handshake was refused: Origin, Token, TokensUnavailable, StoreUnavailable, or
 * OriginsMisconfigured (AllowedOrigins is set but names no valid origin, so every handshake is).
 */
export type RefusalReason = 'Origin' | 'Token' | 'TokensUnavailable' | 'StoreUnavailable' | 'OriginsMisconfigured';

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

/**
 * A fan-out part came back through the worker's failure destination (timed out, crashed, or dropped
 * by Lambda as too old or throttled too long) and is taken up again or closed; `condition` is the
 * destination record's requestContext.condition (RetriesExhausted, EventAgeExceeded, ...).
 */
export function recordPartResumed(condition: string): void {
  const single = metrics.singleMetric();
  single.addMetadata('condition', condition);
  single.addMetric('FanoutPartsResumed', MetricUnit.Count, 1);
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
