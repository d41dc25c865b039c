/** One line of the console's live log: a frame, an invocation or a connection opening or closing. */
export interface Activity {
  id: number;
  at: number;
  kind: 'frame' | 'invocation' | 'connection';
  /** Frames: "in" from a client, "out" to it; connections: "open" or "close". */
  direction?: 'in' | 'out' | 'open' | 'close';
  connectionId?: string;
  routeKey?: string;
  functionId?: string;
  durationMs?: number;
  /** An HTTP-like status (a route's statusCode, a close code) or "error". */
  status?: number | string;
  /** Bytes of the frame, or of the invocation's event. */
  size?: number;
  error?: string;
  /** A failed invocation's last log lines, shown under it in the list (all of them are in the detail). */
  errorLines?: string[];
  requestId?: string;
  coldStart?: boolean;
}

/** What a click on a line shows: the payload (event and result for an invocation) and the function's logs. */
export interface ActivityDetail extends Activity {
  payload?: string;
  result?: string;
  logs?: string[];
}

export interface ActivityFilter {
  connectionId?: string;
  routeKey?: string;
  functionId?: string;
  errorsOnly?: boolean;
}

export function matches(activity: Activity, filter: ActivityFilter): boolean {
  return (
    (!filter.connectionId || activity.connectionId === filter.connectionId) &&
    (!filter.routeKey || activity.routeKey === filter.routeKey) &&
    (!filter.functionId || activity.functionId === filter.functionId) &&
    (!filter.errorsOnly || activity.error !== undefined)
  );
}

/** Kept payloads are cut here: the log is bounded in entries and in bytes. */
export const MAX_PAYLOAD_CHARS = 16 * 1024;

export function keptText(text: string): string {
  return text.length > MAX_PAYLOAD_CHARS
    ? `${text.slice(0, MAX_PAYLOAD_CHARS)}… (cut: ${text.length} characters in all)`
    : text;
}

/** Log lines shown under a failed invocation in the list. */
const ERROR_LINES = 5;

/**
 * The list view of an entry: everything but the bulky parts. A failed invocation's last lines are
 * taken from its logs when asked for: a function's output may still arrive after its result.
 */
export function summary(detail: ActivityDetail): Activity {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { payload, result, logs, ...rest } = detail;
  return rest.kind === 'invocation' && rest.error !== undefined
    ? { ...rest, errorLines: logs?.slice(-ERROR_LINES) }
    : rest;
}
