import type { IntegrationResult } from './integration-call';

/** The integration's answer, or a timed-out failure once `timeoutMs` has passed without one. */
export function withinTimeout(
  work: Promise<IntegrationResult>,
  timeoutMs: number,
  onTimeout: () => void,
): Promise<IntegrationResult> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<IntegrationResult>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve({ ok: false, timedOut: true });
    }, timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
