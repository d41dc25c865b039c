import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** parameters/<env>.json, in CodePipeline's template-configuration shape: {"Parameters": {...}}. */
export function readParametersFile(root: string, env: string): Record<string, string> {
  const path = join(root, 'parameters', `${env}.json`);
  if (!existsSync(path)) throw new Error(`No parameters file for env "${env}" at ${path}`);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { Parameters?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(parsed.Parameters ?? {}).map(([name, value]) => [name, String(value)]));
}
