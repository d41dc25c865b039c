import { type DeliveryReport, emptyReport } from '../core';
import { AdaptiveLimit } from './adaptive-limit';
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay, sleep } from './backoff';
import { type KeyedPage, type QueuePosition, RecipientQueue } from './recipient-queue';

/** Records progress durably before recipients are handed out (see Claimer); gets the figures so far. */
export interface ProgressClaimer {
  chunk: number;
  claim(
    position: QueuePosition,
    progress: { report: DeliveryReport; handedOut: (connectionId: string) => boolean },
  ): Promise<void>;
}

export interface FanOutOptions {
  recipients: AsyncIterable<KeyedPage>;
  send: (connectionId: string) => Promise<void>;
  /** Called for each recipient that answered GoneException; answers whether it was removed (a young one is kept). */
  removeStale: (connectionId: string) => Promise<boolean>;
  /** The most sends in flight; fewer while the API answers 429. */
  concurrency: number;
  /** Sends in flight at the start, before any success or 429 (default: the limit's own, 8). */
  initialConcurrency?: number;
  backoff?: BackoffPolicy;
  /**
   * Epoch ms after which no new send starts. What is left is then either counted as skipped, or,
   * with `leaveRest`, not read at all: the result's position says where to resume.
   */
  deadline?: number;
  leaveRest?: boolean;
  now?: () => number;
  onError?: (connectionId: string, error: unknown) => void;
  /** Claims recipients before they are sent to, so that a part that dies can be resumed after them. */
  claimer?: ProgressClaimer;
}

const THROTTLING = new Set(['LimitExceededException', 'TooManyRequestsException', 'ThrottlingException']);

const errorName = (error: unknown) => (error instanceof Error ? error.name : '');
const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

export const isGone = (error: unknown) => errorName(error) === 'GoneException' || statusOf(error) === 410;
export const isThrottled = (error: unknown) => THROTTLING.has(errorName(error)) || statusOf(error) === 429;

export interface FanOutResult extends DeliveryReport {
  position: QueuePosition;
  /** Recipients the deadline caught waiting out a 429: not delivered, so a continuation may send to them. */
  unsent: string[];
  /** Whether a connection was handed out by this fan-out (sent to, or among `unsent`). */
  handedOut: (connectionId: string) => boolean;
}

/**
 * Sends to every recipient from a fixed pool of senders that pull from the recipient stream, with
 * as many sends in flight as the API accepts (up to `concurrency`). One recipient's failure never
 * fails the broadcast; a failure to list recipients does, after the sends under way have ended.
 */
export async function fanOut(options: FanOutOptions): Promise<FanOutResult> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  const pastDeadline = () => options.deadline !== undefined && now() >= options.deadline;
  const report = emptyReport();
  const claimer = options.claimer;
  const queue: RecipientQueue = new RecipientQueue(
    options.recipients,
    claimer && {
      chunk: claimer.chunk,
      claim: (position, recipients, pending) =>
        claimer.claim(position, {
          report: { ...report, listed: queue.listed, recipients, complete: false },
          handedOut: (id) => pending.has(id) || queue.has(id),
        }),
    },
  );
  const limit = new AdaptiveLimit(options.concurrency, 1, options.initialConcurrency);
  const unsent: string[] = [];

  // A recipient holds its place in the limit while it waits out a 429, so that what the limit
  // bounds is recipients in progress: halving it really halves the pressure on the quota.
  const deliver = async (connectionId: string): Promise<void> => {
    let epoch = await limit.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        report.sends++;
        const error = await options.send(connectionId).then(
          () => undefined,
          (caught: unknown) => caught ?? new Error('send failed'),
        );
        if (error === undefined) {
          report.delivered++;
          limit.succeeded();
          return;
        }
        if (isGone(error)) {
          const removed = await options.removeStale(connectionId).catch((removeError: unknown) => {
            options.onError?.(connectionId, removeError);
            return true;
          });
          if (removed) report.stale++;
          else report.connecting++;
          return;
        }
        if (isThrottled(error)) {
          report.throttled++;
          limit.throttled(epoch);
          if (pastDeadline() && options.leaveRest) {
            unsent.push(connectionId);
            return;
          }
          if (attempt + 1 < backoff.maxAttempts && !pastDeadline()) {
            await sleep(backoffDelay(backoff, attempt));
            epoch = limit.epochNow;
            continue;
          }
          // A 429 delivered nothing: with a continuation to come, it tries again there.
          if (options.leaveRest) {
            unsent.push(connectionId);
            return;
          }
        }
        report.failed++;
        options.onError?.(connectionId, error);
        return;
      }
    } finally {
      limit.release();
    }
  };

  let sending = true;
  const sender = async () => {
    for (;;) {
      if (sending && pastDeadline()) sending = false;
      if (!sending && options.leaveRest) return;
      const id = await queue.take();
      if (id === undefined) return;
      if (sending) await deliver(id);
      // Taken while another sender saw the deadline pass: the position is past it, so with a
      // continuation to come it is left to that one (like a recipient waiting out a 429), never dropped.
      else if (options.leaveRest) unsent.push(id);
      else report.skipped++;
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, sender));
  if (queue.error !== undefined) throw queue.error;
  const position = queue.position;
  const complete = position.done && report.skipped === 0 && unsent.length === 0;
  return {
    ...report,
    listed: queue.listed,
    recipients: queue.recipients - unsent.length,
    complete,
    position,
    unsent,
    handedOut: (connectionId) => queue.has(connectionId),
  };
}
