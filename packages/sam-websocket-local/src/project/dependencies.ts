import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The dependencies a folder's package.json lists that Node's resolution would not find from there up. */
export function missingDependencies(dir: string): string[] {
  let dependencies: Record<string, string>;
  try {
    dependencies = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {};
  } catch {
    return [];
  }
  return Object.keys(dependencies).filter((name) => !installedFrom(dir, name));
}

function installedFrom(dir: string, name: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', name, 'package.json'))) return true;
    if (dirname(current) === current) return false;
  }
}
