import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Soft and hard limits on open files, from /proc (Node has no setrlimit). */
export function fileLimits(): { soft: number; hard: number } {
  const line = /Max open files\s+(\S+)\s+(\S+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  const parse = (value: string | undefined) => (value === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(value));
  return { soft: parse(line?.[1]), hard: parse(line?.[2]) };
}

/**
 * Re-runs this process under a raised soft limit when it is below `needed` and the hard limit
 * allows more; returns false when it could not (the caller says so and carries on).
 */
export function ensureFileLimit(needed: number): boolean {
  const { soft, hard } = fileLimits();
  if (soft >= needed) return true;
  if (process.env.BENCH_RAISED_LIMIT || hard <= soft) return false;
  const target = Math.min(hard, Math.max(needed, soft));
  const result = spawnSync(
    'bash',
    ['-c', `ulimit -n ${target} && exec "$@"`, 'bash', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RAISED_LIMIT: '1' },
    },
  );
  process.exit(result.status ?? 1);
}
