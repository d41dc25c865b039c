import { readFileSync } from 'node:fs';

/**
 * SAM CLI's --env-vars file: `{"<FunctionLogicalId>": {"NAME": "value"}, "Parameters": {...}}`,
 * where "Parameters" applies to every function and a function's own entry wins over it.
 */
export function readEnvVars(path: string, functionIds: Iterable<string>): Record<string, Record<string, string>> {
  let parsed: Record<string, Record<string, unknown>>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
  } catch (error) {
    throw new Error(`--env-vars ${path}: ${(error as Error).message}`, { cause: error });
  }
  const strings = (values: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, String(value)]));
  return Object.fromEntries(
    [...functionIds].map((id) => [id, { ...strings(parsed.Parameters), ...strings(parsed[id]) }]),
  );
}
