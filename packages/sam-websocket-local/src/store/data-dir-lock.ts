import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims a --data folder for this process. The store's own lock would only say "Database is
 * closed" on the first request; this names the folder and the process holding it. A claim left
 * by a process that no longer runs is taken over.
 */
export function claimDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sam-websocket-local.pid');
  const holder = existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
  if (holder && holder !== process.pid && alive(holder)) {
    throw new Error(
      `--data ${dir} is in use by another runtime (pid ${holder}): stop it, or give this one another folder`,
    );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
