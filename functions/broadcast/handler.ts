import { type RecipientPlan, errorResponse, headerValue, jsonResponse, logger, splitPlan, withInvocationKeys } from '@comments-websocket/shared';
import type { BroadcastRecords, DynamoDbConnectionStore, FanoutWorkers } from '@comments-websocket/shared/store';
import { type ConnectionSender, type DeliveryReport, addReports, deliverPlan, readBroadcast } from '@comments-websocket/shared/broadcast';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface BroadcastDependencies {
  store: Pick<DynamoDbConnectionStore, 'plan' | 'recipients' | 'removeConnection' | 'reachesAtLeast' | 'shards'>;
  sender: Pick<ConnectionSender, 'post'>;
  concurrency: number;
  /** Parallel invocations for large broadcasts, and where parts that outlast this answer continue. */
  workers: Pick<FanoutWorkers, 'run' | 'continueLater'>;
  records: Pick<BroadcastRecords, 'create'>;
  /** Invocations a broadcast of at least `splitThreshold` recipients is spread over (1: never split). */
  parallelWorkers: number;
  splitThreshold: number;
}

/** Time kept back from the function's timeout to collect the parts, hand the rest on and answer. */
const RESPONSE_RESERVE_MS = 3000;

export const createBroadcastHandler = (dependencies: BroadcastDependencies) => async (event: APIGatewayProxyEvent, context: Context) => {
  withInvocationKeys({ route: `${event.httpMethod} ${event.resource}`, requestId: context.awsRequestId });
  try {
    const { message, payload } = readBroadcast(event);
    const deadline = Date.now() + context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS;
    const parts = await planParts(dependencies, dependencies.store.plan(message.topic));
    const deliveries = await Promise.all(
      parts.map((plan, index) =>
        index === 0
          ? deliverPlan(dependencies, plan, payload, deadline)
          : dependencies.workers.run({ plan, payload: Buffer.from(payload).toString('base64'), deadline }),
      ),
    );
    const report = addReports(deliveries.map((delivery) => delivery.report));
    const rests = deliveries.map((delivery) => delivery.rest).filter((rest) => rest.length > 0);
    logger.info('broadcast', { type: message.type, topic: message.topic, parts: parts.length, continued: rests.length, ...report });
    if (rests.length === 0) return completed(report, message.topic);
    return await continued(dependencies, event, rests, payload, message, report);
  } catch (error) {
    return errorResponse(error);
  }
};

async function planParts({ store, parallelWorkers, splitThreshold }: BroadcastDependencies, plan: RecipientPlan): Promise<RecipientPlan[]> {
  if (parallelWorkers <= 1 || !(await store.reachesAtLeast(plan, splitThreshold))) return [plan];
  return splitPlan(plan, store.shards, Math.min(parallelWorkers, store.shards));
}

function completed(report: DeliveryReport, topic: string | undefined) {
  return jsonResponse(200, { message: 'Broadcast completed', connectionCount: report.recipients, topic: topic ?? null, ...report });
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
