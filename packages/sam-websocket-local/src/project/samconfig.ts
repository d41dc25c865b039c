import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { parseParameterOverrides } from './parameter-overrides';
import { type WarmContainers, parseWarmContainers } from './warm-containers';

/** The part of a SAM CLI config file the runtime honours. */
export interface SamConfig {
  parameterOverrides: Record<string, string>;
  region?: string;
  warmContainers?: WarmContainers;
}

const CONFIG_NAMES = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];

type Sections = Record<string, Record<string, { parameters?: Record<string, unknown> }>>;

/**
 * What SAM CLI would read for `command` (e.g. `local_start_api`): `[<env>.global.parameters]`, then
 * `[<env>.<command>.parameters]` over it. The file is found beside the template unless named; an
 * env the file does not have is an error only when asked for by name, as in SAM CLI.
 */
export function readSamConfig(
  root: string,
  command: string,
  options: { configEnv?: string; configFile?: string } = {},
): SamConfig {
  const path = options.configFile
    ? join(root, options.configFile)
    : CONFIG_NAMES.map((name) => join(root, name)).find((file) => existsSync(file));
  if (!path || !existsSync(path)) {
    if (options.configFile) throw new Error(`No config file at ${path}`);
    return { parameterOverrides: {} };
  }
  const text = readFileSync(path, 'utf8');
  const sections = (path.endsWith('.toml') ? parseToml(text) : parseYaml(text)) as Sections;
  const env = options.configEnv ?? 'default';
  if (options.configEnv && !sections[env]) throw new Error(`${path} has no environment "${env}"`);
  const merged = { ...sections[env]?.global?.parameters, ...sections[env]?.[command]?.parameters };
  return {
    parameterOverrides: overridesOf(merged.parameter_overrides, path),
    region: typeof merged.region === 'string' ? merged.region : undefined,
    warmContainers:
      merged.warm_containers === undefined
        ? undefined
        : parseWarmContainers(merged.warm_containers, `${path}: warm_containers`),
  };
}

/** parameter_overrides is a string in SAM CLI's syntax or a list of `Key=Value` strings. */
function overridesOf(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  try {
    if (Array.isArray(value)) return Object.assign({}, ...value.map((item) => parseParameterOverrides(String(item))));
    return parseParameterOverrides(String(value));
  } catch (error) {
    throw new Error(`${path}: parameter_overrides: ${(error as Error).message}`, { cause: error });
  }
}
