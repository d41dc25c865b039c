import { join } from 'node:path';

/** The package's folder, and the repository (workspace) that holds it: its node_modules and tools. */
export const packageRoot = join(__dirname, '..', '..');
export const workspaceRoot = join(packageRoot, '..', '..');

/** A fixture SAM project of the package's own tests. */
export function fixture(name: string): string {
  return join(packageRoot, 'tests', 'fixtures', 'projects', name);
}
