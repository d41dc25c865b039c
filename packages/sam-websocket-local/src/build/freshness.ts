import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = '.built';

function newestMtime(path: string): number {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when the last complete build is newer than every source it was made from. */
export function isBuildFresh(buildDir: string, sources: string[]): boolean {
  const built = statSync(join(buildDir, STAMP), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return built > 0 && sources.every((source) => newestMtime(source) < built);
}

export function markBuilt(buildDir: string): void {
  writeFileSync(join(buildDir, STAMP), '');
}
