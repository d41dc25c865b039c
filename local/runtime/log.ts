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

export function consoleLog(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): RuntimeLog {
  return {
    info: (message, fields) => write(format('info', message, fields)),
    warn: (message, fields) => write(format('warn', message, fields)),
    error: (message, fields) => write(format('error', message, fields)),
  };
}

export const silentLog: RuntimeLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
