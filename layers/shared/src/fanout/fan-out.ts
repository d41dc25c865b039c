import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay, sleep } from './backoff';

export type SendOutcome = 'delivered' | 'stale' | 'failed';

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
  failed: number;
  /** Recipients not attempted because the deadline came first. */
  skipped: number;
  /** False when the deadline cut the broadcast short. */
  complete: boolean;
}

export interface FanOutOptions {
  recipients: AsyncIterable<string[]>;
  send: (connectionId: string) => Promise<void>;
  /** Called for each recipient that answered GoneException. */
  removeStale: (connectionId: string) => Promise<unknown>;
  concurrency: number;
  backoff?: BackoffPolicy;
  /** Epoch ms after which no new send starts. */
  deadline?: number;
  now?: () => number;
  onError?: (connectionId: string, error: unknown) => void;
}

const THROTTLING = new Set(['LimitExceededException', 'TooManyRequestsException', 'ThrottlingException']);

const errorName = (error: unknown) => (error instanceof Error ? error.name : '');
const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

export const isGone = (error: unknown) => errorName(error) === 'GoneException' || statusOf(error) === 410;
export const isThrottled = (error: unknown) => THROTTLING.has(errorName(error)) || statusOf(error) === 429;

/**
 * Sends to every recipient with at most `concurrency` sends in flight, reading the next page of
 * recipients while the current one is being sent. One recipient's failure never fails the broadcast.
 */
export async function fanOut(options: FanOutOptions): Promise<DeliveryReport> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  const report: DeliveryReport = { listed: 0, recipients: 0, sends: 0, delivered: 0, stale: 0, failed: 0, skipped: 0, complete: true };
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const deliver = async (connectionId: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        report.sends++;
        await options.send(connectionId);
        report.delivered++;
        return;
      } catch (error) {
        if (isGone(error)) {
          report.stale++;
          await options.removeStale(connectionId).catch((removeError: unknown) => options.onError?.(connectionId, removeError));
          return;
        }
        if (isThrottled(error) && attempt + 1 < backoff.maxAttempts) {
          await sleep(backoffDelay(backoff, attempt));
          continue;
        }
        report.failed++;
        options.onError?.(connectionId, error);
        return;
      }
    }
  };

  for await (const page of options.recipients) {
    report.listed += page.length;
    for (const connectionId of page) {
      if (seen.has(connectionId)) continue;
      seen.add(connectionId);
      report.recipients++;
      if (options.deadline !== undefined && now() >= options.deadline) {
        report.skipped++;
        report.complete = false;
        continue;
      }
      const sending: Promise<void> = deliver(connectionId).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  return report;
}
