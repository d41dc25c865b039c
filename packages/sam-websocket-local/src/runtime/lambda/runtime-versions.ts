import { execFileSync } from 'node:child_process';
import type { Application } from '../../template/application';
import { PYTHON } from './python/python-instance';

/** `python3.12` → 3.12 of the interpreter functions will run on, or undefined when there is none. */
function pythonVersion(): string | undefined {
  try {
    const text = execFileSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return text.trim();
  } catch {
    return undefined;
  }
}

/**
 * One warning per declared runtime that differs from what will run it here (e.g. nodejs24.x on this
 * Node 20): code relying on the newer language or its bundled SDK may behave differently than on Lambda.
 */
export function runtimeMismatches(app: Application, nodeVersion = process.versions.node): string[] {
  const byRuntime = new Map<string, string[]>();
  for (const fn of app.functions.values())
    byRuntime.set(fn.runtime, [...(byRuntime.get(fn.runtime) ?? []), fn.logicalId]);
  const warnings: string[] = [];
  let python: string | undefined | null = null;
  for (const [runtime, functions] of byRuntime) {
    const node = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
    const declaredPython = /^python(\d+\.\d+)$/.exec(runtime)?.[1];
    let running: string | undefined;
    if (node && node !== nodeVersion.split('.')[0]) running = `Node.js ${nodeVersion}`;
    if (declaredPython) {
      if (python === null) python = pythonVersion();
      if (python && python !== declaredPython) running = `Python ${python} (${PYTHON})`;
    }
    if (running)
      warnings.push(
        `${functions.join(', ')}: declared ${runtime}, but ${running} runs ${functions.length > 1 ? 'them' : 'it'} here`,
      );
  }
  return warnings;
}
