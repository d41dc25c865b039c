import {
  type ConnectionStore,
  type DeliveryReport,
  type RecipientPlan,
  addReports,
  emptyReport,
  errorResponse,
  headerValue,
  jsonResponse,
  logger,
  recordBroadcast,
  splitPlan,
  withInvocationKeys,
} from '@comments-websocket/shared';
import type { BroadcastRecords } from '@comments-websocket/shared/store';
import type { FanoutWorkers } from '@comments-websocket/shared/invoke';
import {
  type PlanDelivery,
  type PlanDeliveryDependencies,
  deliverPlan,
  readBroadcast,
} from '@comments-websocket/shared/broadcast';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface BroadcastDependencies extends PlanDeliveryDependencies {
  store: Pick<ConnectionStore, 'plan' | 'recipients' | 'removeStaleConnection' | 'reachesAtLeast' | 'shards'>;
  /** Parallel invocations for large broadcasts, and where parts that outlast this answer continue. */
  workers: Pick<FanoutWorkers, 'run' | 'continueLater'>;
  records: Pick<BroadcastRecords, 'create'>;
  /** Invocations a broadcast of at least `splitThreshold` recipients is spread over (1: never split). */
  parallelWorkers: number;
  splitThreshold: number;
}

/** Time kept back from the function's timeout to collect the parts, hand the rest on and answer. */
const RESPONSE_RESERVE_MS = 3000;
/** Below this much sending time, parts are not waited for but continued asynchronously. */
const MIN_WAITED_PART_MS = 8000;

/** A part that has not answered when half the reserve is gone is given up on, so the answer still goes out. */
function withinReserve<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the part did not answer in time')),
      Math.max(0, deadline + RESPONSE_RESERVE_MS / 2 - Date.now()),
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export const createBroadcastHandler =
  (dependencies: BroadcastDependencies) => async (event: APIGatewayProxyEvent, context: Context) => {
    withInvocationKeys(context, {
      route: `${event.httpMethod} ${event.resource}`,
      apiRequestId: event.requestContext?.requestId,
    });
    const started = Date.now();
    try {
      const { message, payload } = readBroadcast(event);
      const deadline = Date.now() + context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS;
      const parts = await planParts(dependencies, dependencies.store.plan(message.topic));
      // Parts waited for need time to start (a cold start) and to send; with too little left, every
      // part goes on asynchronously at once instead.
      const waitForParts = parts.length === 1 || deadline - Date.now() >= MIN_WAITED_PART_MS;
      const encoded = Buffer.from(payload).toString('base64');
      const deliveries = await Promise.all(
        parts.map((plan, index) => {
          if (!waitForParts) return { report: emptyReport(), rest: plan };
          if (index === 0) return deliverPlan(dependencies, plan, payload, deadline);
          return withinReserve(dependencies.workers.run({ plan, payload: encoded, deadline }), deadline).catch(
            (error: unknown) => failedPart(error),
          );
        }),
      );
      const report = addReports(deliveries.map((delivery) => delivery.report));
      const rests = deliveries.map((delivery) => delivery.rest).filter((rest) => rest.length > 0);
      logger.info('broadcast', {
        type: message.type,
        topic: message.topic,
        parts: parts.length,
        continued: rests.length,
        ...report,
      });
      recordBroadcast(report, Date.now() - started, rests.length === 0 ? 'completed' : 'continued');
      if (rests.length === 0) return completed(report, message.topic);
      return await continued(dependencies, event, rests, payload, message, report);
    } catch (error) {
      return errorResponse(error);
    }
  };

/**
 * A part whose invocation failed: what it delivered before failing is unknown, so it is neither
 * retried (a recipient must not get the message twice) nor counted delivered; the answer says so.
 */
function failedPart(error: unknown): PlanDelivery {
  logger.error('a fan-out part failed', { error: error as Error });
  return { report: { ...emptyReport(), complete: false, failedParts: 1 }, rest: [] };
}

async function planParts(
  { store, parallelWorkers, splitThreshold }: BroadcastDependencies,
  plan: RecipientPlan,
): Promise<RecipientPlan[]> {
  if (parallelWorkers <= 1 || !(await store.reachesAtLeast(plan, splitThreshold))) return [plan];
  return splitPlan(plan, store.shards, Math.min(parallelWorkers, store.shards));
}

function completed(report: DeliveryReport, topic: string | undefined) {
  const message = report.complete
    ? 'Broadcast completed'
    : `Broadcast incomplete: ${report.failedParts} part(s) failed; see the logs`;
  return jsonResponse(200, { message, connectionCount: report.recipients, topic: topic ?? null, ...report });
}

/** The time ran out: the rest goes on in worker invocations, and the caller gets 202 and where to read the final report. */
async function continued(
  { workers, records }: BroadcastDependencies,
  event: APIGatewayProxyEvent,
  rests: RecipientPlan[],
  payload: Uint8Array,
  message: { type: string; topic?: string },
  report: DeliveryReport,
) {
  const broadcastId = randomUUID();
  await records.create(broadcastId, message, report, rests.length);
  const encoded = Buffer.from(payload).toString('base64');
  await Promise.all(rests.map((plan) => workers.continueLater({ plan, payload: encoded, broadcastId })));
  const statusPath = `/${event.requestContext?.stage ?? ''}/broadcasts/${broadcastId}`.replace(/^\/\//, '/');
  const scheme = headerValue(event.headers, 'x-forwarded-proto') ?? 'https';
  const host = headerValue(event.headers, 'host') ?? event.requestContext?.domainName;
  return jsonResponse(202, {
    message: 'Broadcast continues asynchronously; read the final report at statusUrl',
    broadcastId,
    statusPath,
    statusUrl: host ? `${scheme}://${host}${statusPath}` : statusPath,
    connectionCount: report.recipients,
    topic: message.topic ?? null,
    ...report,
    complete: false,
  });
}
