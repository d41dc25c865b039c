import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The names SAM CLI tries, in its order, when no template file is named. */
const TEMPLATE_NAMES = ['template.yaml', 'template.yml', 'template.json'];

/**
 * The template file for `--template` (a file, or a directory to look in) or the working directory,
 * found the way SAM CLI finds it.
 */
export function findTemplate(given: string | undefined, cwd = process.cwd()): string {
  const target = resolve(cwd, given ?? '.');
  if (!existsSync(target)) throw new Error(`No template at ${target}`);
  if (statSync(target).isFile()) return target;
  const found = TEMPLATE_NAMES.map((name) => join(target, name)).find((path) => existsSync(path));
  if (!found) throw new Error(`No ${TEMPLATE_NAMES.join(' or ')} in ${target}; name the template with -t/--template`);
  return found;
}
