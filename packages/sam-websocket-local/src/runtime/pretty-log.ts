import { summarizeInvocation } from './console/invocation-summary';
import type { InvocationTap } from './console/taps';
import { type Invocation, logsWritten } from './lambda/function-pool';
import { consoleLog, type RuntimeLog } from './log';

/** Fields every Powertools line repeats: said once by the invocation's own line, so left out under it. */
const REPEATED = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'xray_trace_id',
  'function_name',
  'function_memory_size',
  'function_arn',
  'function_request_id',
  'cold_start',
]);

const time = () => new Date().toISOString().slice(11, 23);

/**
 * `--log-format pretty`, for people: the runtime's own lines as usual except its per-invocation
 * ones, which `prettyInvocations` writes instead, a line each with the function's output under it.
 */
export function prettyLog(minimum: string, write: (line: string) => void): RuntimeLog {
  const plain = consoleLog(minimum, write);
  return {
    info: (message, fields) => message !== 'invoke' && plain.info(message, fields),
    warn: (message, fields) => message !== 'invoke' && plain.warn(message, fields),
    error: (message, fields) => message !== 'invoke' && plain.error(message, fields),
  };
}

/** One line per invocation (route, function, status, ms), the function's log lines indented under it. */
export function prettyInvocations(write: (line: string) => void): InvocationTap {
  return (functionId, event, invocation) => {
    void logsWritten(invocation).then(() => write(invocationBlock(functionId, event, invocation).join('\n')));
  };
}

export function invocationBlock(functionId: string, event: unknown, invocation: Invocation): string[] {
  const summary = summarizeInvocation(event, invocation);
  const head = [
    time(),
    summary.error ? '✗' : '✓',
    (summary.routeKey ?? 'invoke').padEnd(12),
    functionId.padEnd(20),
    String(summary.status).padEnd(5),
    `${Math.round(invocation.durationMs)} ms`,
    invocation.coldStart ? '(cold start)' : '',
    summary.connectionId ? `conn=${summary.connectionId}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const lines = [head];
  if (summary.error) lines.push(`    ${summary.error}`);
  for (const line of invocation.logs ?? []) if (line.trim()) lines.push(`    ${readable(line)}`);
  return lines;
}

/** A JSON log line (Powertools, pino, …) as "LEVEL message key=value"; any other line as it is. */
export function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null || typeof record.message !== 'string') return line;
  const rest = Object.entries(record)
    .filter(([key]) => !REPEATED.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [String(record.level ?? '').padEnd(5), record.message, ...rest].join(' ').trim();
}
