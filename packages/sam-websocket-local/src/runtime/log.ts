/** One logfmt line per event: structured for grep and tools, readable in a terminal. */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface RuntimeLog {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const quote = (value: string) => (/^[\w.:/@$#+=-]+$/.test(value) ? value : JSON.stringify(value));

export function format(level: string, message: string, fields: LogFields = {}): string {
  const parts = [`${new Date().toISOString().slice(11, 23)}`, level.padEnd(5), message];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${key}=${quote(String(value))}`);
  }
  return parts.join(' ');
}

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

/** Lines at `minimum` and above, to stdout. */
export function consoleLog(
  minimum = 'INFO',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): RuntimeLog {
  const at = (level: string) => LEVELS.indexOf(level) >= LEVELS.indexOf(minimum.toUpperCase());
  const noop = () => undefined;
  return {
    info: at('INFO') ? (message, fields) => write(format('info', message, fields)) : noop,
    warn: at('WARN') ? (message, fields) => write(format('warn', message, fields)) : noop,
    error: at('ERROR') ? (message, fields) => write(format('error', message, fields)) : noop,
  };
}

export const silentLog: RuntimeLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
