import { dirname } from 'node:path';
import { type Application, readApplication } from '../template/application';
import { readTemplate } from '../template/cfn-yaml';
import { parameterValues } from '../template/intrinsics';
import { presentResources } from '../template/present-resources';
import { findTemplate } from './find-template';
import { readParametersFile } from './parameters-file';
import { readSamConfig } from './samconfig';
import type { WarmContainers } from './warm-containers';

/** Where the project is and where its parameter values come from. */
export interface ProjectOptions {
  /** A template file or a directory holding one (default: the working directory). */
  template?: string;
  /** parameters/<env>.json beside the template, when present (default "dev"). */
  env?: string;
  /** Whether the env was named by the user: then its file must exist. */
  envRequired?: boolean;
  /** samconfig's environment (default "default") and file (default samconfig.toml beside the template). */
  configEnv?: string;
  configFile?: string;
  /** The samconfig section to read, as SAM CLI names its commands (e.g. local_start_api). */
  command?: string;
  parameterOverrides?: Record<string, string>;
  /** The region functions run in (SAM CLI's --region), before samconfig's. */
  region?: string;
}

export interface Project {
  root: string;
  templatePath: string;
  app: Application;
  /** Every parameter's value: defaults < parameters file < samconfig < overrides. */
  parameters: Record<string, string>;
  region?: string;
  /** samconfig's warm_containers, for `start` (its command line wins). */
  warmContainers?: WarmContainers;
}

export function readProject(options: ProjectOptions = {}): Project {
  const templatePath = findTemplate(options.template);
  const root = dirname(templatePath);
  const template = readTemplate(templatePath);
  const config = readSamConfig(root, options.command ?? 'local_start_api', options);
  const parameters = parameterValues(template, {
    ...readParametersFile(root, options.env ?? 'dev', options.envRequired),
    ...config.parameterOverrides,
    ...options.parameterOverrides,
  });
  const region = options.region ?? config.region;
  const app = readApplication(presentResources(template, parameters, region ?? 'us-east-1'));
  // Only `start` keeps instances: a one-off invoke starts the function it calls and no other.
  const serving = (options.command ?? 'local_start_api') === 'local_start_api';
  return { root, templatePath, app, parameters, region, warmContainers: serving ? config.warmContainers : undefined };
}
