import { join } from 'node:path';
import { type RuntimeProcess, startRuntimeProcess as startProcess } from 'sam-websocket-local';

export const projectRoot = join(__dirname, '..');
export type { RuntimeProcess };

/** This app's runtime in its own process, on a free port, quiet unless `--log-level` says otherwise. */
export function startRuntimeProcess(
  args: string[] = [],
  command?: string[],
  onLine?: (line: string) => void,
): Promise<RuntimeProcess> {
  return startProjectRuntime(projectRoot, args, command, onLine);
}

/** The runtime serving the project in `cwd` (a bench project, say), as `startRuntimeProcess` does ours. */
export function startProjectRuntime(
  cwd: string,
  args: string[] = [],
  command?: string[],
  onLine?: (line: string) => void,
): Promise<RuntimeProcess> {
  return startProcess({
    cwd,
    command,
    onLine,
    args: ['--port', '0', '--host', '127.0.0.1', '--no-watch', '--log-level', 'WARN', ...args],
  });
}
