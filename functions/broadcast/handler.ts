import {
  type ConnectionStore,
  type DeliveryReport,
  type RecipientPlan,
  addReports,
  emptyReport,
  errorResponse,
  logger,
  recordBroadcast,
  splitPlan,
  withInvocationKeys,
} from '@comments-websocket/shared';
import { type BroadcastRecords, summarize } from '@comments-websocket/shared/store';
import {
  broadcastIdFor,
  completedAnswer,
  continuingAnswer,
  idempotencyKey,
  keyReusedWithAnotherBody,
  readBroadcast,
  replayAnswer,
  requestHash,
} from '@comments-websocket/shared/broadcast';
import { type KeyedPage, type PartRunDependencies, deliverPlan, runPart } from '@comments-websocket/shared/fanout';
import type { PartInvoker, PartOutcome } from '@comments-websocket/shared/invoke';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

type InvokeEntry = typeof import('@comments-websocket/shared/invoke');
/**
 * Required when first used: only a repeat of a broadcast whose parts stalled needs it, not a cold
 * start. A CommonJS require, as Node's import() would not look on NODE_PATH, where Lambda puts layers.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const invokeEntry = () => require('@comments-websocket/shared/invoke') as InvokeEntry;

export interface BroadcastDependencies extends PartRunDependencies {
  store: PartRunDependencies['store'] & Pick<ConnectionStore, 'plan' | 'reachesAtLeast'>;
  invoker: PartInvoker;
  records: PartRunDependencies['records'] & Pick<BroadcastRecords, 'create' | 'read' | 'startPart' | 'saveResponse'>;
  /** Invocations a broadcast of at least `splitThreshold` recipients is spread over (1: never split). */
  parallelWorkers: number;
  splitThreshold: number;
}

/** Time kept back from the function's timeout to collect the parts, hand the rest on and answer. */
const RESPONSE_RESERVE_MS = 3000;
/**
 * Sends in flight at the start of an unsplit broadcast without a key (below FanoutSplitThreshold, no
 * other part beside it): a 10-recipient broadcast needs no second wave, and the limit still halves on a 429.
 */
const SMALL_BROADCAST_START = 16;
/** Below this much sending time, parts are not waited for but continued asynchronously. */
const MIN_WAITED_PART_MS = 8000;

interface Run {
  /** Undefined until the broadcast needs a record (keyed, split, or continued). */
  broadcastId?: string;
  plans: RecipientPlan[];
  payload: Uint8Array;
  deadline: number;
  since: number;
  message: { type: string; topic?: string };
  /** The whole plan's reading, started before the split was decided; undefined once split. */
  reading?: AsyncIterable<KeyedPage>;
}

export const createBroadcastHandler =
  (dependencies: BroadcastDependencies) =>
  async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    withInvocationKeys(context, {
      route: `${event.httpMethod} ${event.resource}`,
      apiRequestId: event.requestContext?.requestId,
    });
    const started = Date.now();
    try {
      const { message, payload } = readBroadcast(event);
      const key = idempotencyKey(event);
      const since = Date.now();
      const deadline = since + context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS;
      const plan = dependencies.store.plan(message.topic, since);
      // The first pages are asked for while the split is judged: a small broadcast sends as soon as they answer.
      const reading = dependencies.store.recipients(plan);
      const plans = await planParts(dependencies, plan);
      const run: Run = { plans, payload, deadline, since, message, reading: plans.length === 1 ? reading : undefined };
      if (key !== undefined || plans.length > 1) {
        run.broadcastId = key === undefined ? randomUUID() : broadcastIdFor(key, event);
        const earlier = await createRecord(dependencies, run, key === undefined ? undefined : requestHash(event));
        if (earlier) return await replay(dependencies, event, run.broadcastId, earlier);
      }
      const { report, continued, broadcastId } = await runParts(dependencies, run);
      logger.info('broadcast', { type: message.type, topic: message.topic, parts: plans.length, continued, ...report });
      recordBroadcast(report, Date.now() - started, continued ? 'continued' : 'completed');
      const answer = continued
        ? continuingAnswer(event, broadcastId!, report, message.topic)
        : completedAnswer(report, message.topic);
      if (key !== undefined) await keepAnswer(dependencies, broadcastId!, answer);
      return answer;
    } catch (error) {
      return errorResponse(error);
    }
  };

async function planParts(
  { store, parallelWorkers, splitThreshold }: BroadcastDependencies,
  plan: RecipientPlan,
): Promise<RecipientPlan[]> {
  if (parallelWorkers <= 1 || !(await store.reachesAtLeast(plan, splitThreshold))) return [plan];
  return splitPlan(plan, store.shards, Math.min(parallelWorkers, store.shards));
}

/** Writes the broadcast's record; answers the existing one's header when the key was used before. */
function createRecord({ records, store }: BroadcastDependencies, run: Run, hash: string | undefined) {
  return records.create({
    broadcastId: run.broadcastId!,
    type: run.message.type,
    topic: run.message.topic ?? null,
    since: run.since,
    parts: run.plans.length,
    shards: store.shards,
    payload: run.payload,
    startBy: run.deadline + RESPONSE_RESERVE_MS,
    requestHash: hash,
  });
}

/** A repeat of a keyed request: never sends again; resumes what the first attempt left stuck. */
async function replay(
  dependencies: BroadcastDependencies,
  event: APIGatewayProxyEvent,
  broadcastId: string,
  header: { requestHash?: string },
): Promise<APIGatewayProxyResult> {
  if (header.requestHash !== requestHash(event)) throw keyReusedWithAnotherBody();
  const record = (await dependencies.records.read(broadcastId))!;
  const summary = summarize(record.header, record.parts);
  if (!record.header.response && !summary.complete)
    await invokeEntry().resumeStuckParts(dependencies.invoker, record.header, record.parts);
  logger.info('a repeated request was answered from its record', { broadcastId, complete: summary.complete });
  return replayAnswer(event, record.header.response, summary);
}

/** The answer a repeat of a keyed request will get; a failure to keep it costs only that the repeat answers from the record. */
async function keepAnswer(
  { records }: BroadcastDependencies,
  broadcastId: string,
  answer: APIGatewayProxyResult,
): Promise<void> {
  await records
    .saveResponse(broadcastId, { statusCode: answer.statusCode, body: answer.body })
    .catch((error: unknown) => logger.warn('the answer could not be kept for repeats', { error: error as Error }));
}

async function runParts(
  dependencies: BroadcastDependencies,
  run: Run,
): Promise<{ report: DeliveryReport; continued: boolean; broadcastId?: string }> {
  // Parts waited for need time to start (a cold start) and to send; with too little left, every
  // part goes on asynchronously at once instead.
  const wait = run.plans.length === 1 || run.deadline - Date.now() >= MIN_WAITED_PART_MS;
  const outcomes = await Promise.all(
    run.plans.map((plan, part) => {
      if (!wait) return startLater(dependencies, run, plan, part);
      if (part > 0) return waitForPart(dependencies, run, plan, part);
      return run.broadcastId === undefined ? unrecordedPart(dependencies, run) : ownPart(dependencies, run, plan);
    }),
  );
  return {
    report: addReports(outcomes.map((outcome) => outcome.report)),
    continued: outcomes.some((outcome) => outcome.continued),
    broadcastId: run.broadcastId,
  };
}

/** The part this invocation sends itself, claiming as it goes (the broadcast has a record). */
async function ownPart(dependencies: BroadcastDependencies, run: Run, plan: RecipientPlan): Promise<PartOutcome> {
  const owner = randomUUID();
  const leaseUntil = run.deadline + 2 * RESPONSE_RESERVE_MS;
  const state = { part: 0, owner, leaseUntil, plan, report: emptyReport(), resumes: 0, done: false };
  if (!(await dependencies.records.startPart(run.broadcastId!, state)))
    return { report: emptyReport(), continued: true };
  const owned = { ...state, broadcastId: run.broadcastId!, base: state.report, payload: run.payload };
  return runPart(dependencies, owned, run.deadline, leaseUntil, run.reading);
}

/**
 * A small broadcast with no key: sent without a record. Only if time runs out does it get one,
 * with the rest handed to a worker.
 */
async function unrecordedPart(dependencies: BroadcastDependencies, run: Run): Promise<PartOutcome> {
  const { report, rest } = await deliverPlan(dependencies, run.plans[0]!, run.payload, run.deadline, {
    recipients: run.reading,
    initialConcurrency: SMALL_BROADCAST_START,
  });
  if (rest.length === 0) return { report, continued: false };
  run.broadcastId = randomUUID();
  await createRecord(dependencies, run, undefined);
  const owner = randomUUID();
  const leaseUntil = Date.now() + dependencies.handOffLeaseMs;
  await dependencies.records.startPart(run.broadcastId, {
    part: 0,
    owner,
    leaseUntil,
    plan: rest,
    report,
    resumes: 0,
    done: false,
  });
  await dependencies.invoker.continueLater({
    broadcastId: run.broadcastId,
    part: 0,
    owner,
    payload: Buffer.from(run.payload).toString('base64'),
  });
  return { report, continued: true };
}

/** A part in another invocation, waited for; if it fails or does not answer in time, it is resumed asynchronously. */
async function waitForPart(
  { invoker }: BroadcastDependencies,
  run: Run,
  plan: RecipientPlan,
  part: number,
): Promise<PartOutcome> {
  const owner = randomUUID();
  const payload = Buffer.from(run.payload).toString('base64');
  const work = { broadcastId: run.broadcastId!, part, owner, payload };
  try {
    return await withinReserve(invoker.run({ ...work, plan, deadline: run.deadline }), run.deadline);
  } catch (error) {
    logger.error('a fan-out part failed or did not answer in time; it is resumed asynchronously', {
      error: error as Error,
      part,
    });
    // With its first plan: if the invocation died before it started the part, the resume starts it.
    await invoker.continueLater({ ...work, owner: randomUUID(), plan, resume: { from: owner } });
    return { report: emptyReport(), continued: true };
  }
}

/** A part started in another invocation without waiting (too little time left to wait). */
async function startLater({ invoker }: BroadcastDependencies, run: Run, plan: RecipientPlan, part: number) {
  const payload = Buffer.from(run.payload).toString('base64');
  await invoker.continueLater({ broadcastId: run.broadcastId!, part, owner: randomUUID(), payload, plan });
  return { report: emptyReport(), continued: true };
}

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
