import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  makeFolder(dir);
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

/** The --data folder, made if missing, or an error in one line saying what is wrong with it. */
function makeFolder(dir: string): void {
  try {
    // Only the last level when its parent exists: a recursive mkdir under /proc never returns.
    if (existsSync(dir) && statSync(dir).isDirectory()) return;
    mkdirSync(dir, { recursive: !existsSync(dirname(dir)) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST'
        ? 'is a file, not a folder'
        : code === 'ENOTDIR'
          ? 'runs through a file, not a folder'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? `cannot be written by this user (${code})`
            : `cannot be made (${code ?? (error as Error).message})`;
    throw new Error(`--data ${dir} ${why}: give a folder the runtime may create and write`, { cause: error });
  }
}
