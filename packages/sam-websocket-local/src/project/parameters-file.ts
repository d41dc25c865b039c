import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * parameters/<env>.json beside the template, in CodePipeline's template-configuration shape
 * ({"Parameters": {...}}). Optional: absent, the template's defaults and the other sources apply,
 * unless the caller asked for that env by name.
 */
export function readParametersFile(root: string, env: string, required = false): Record<string, string> {
  const path = join(root, 'parameters', `${env}.json`);
  if (!existsSync(path)) {
    if (required) throw new Error(`No parameters file for env "${env}" at ${path}`);
    return {};
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { Parameters?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(parsed.Parameters ?? {}).map(([name, value]) => [name, String(value)]));
}
