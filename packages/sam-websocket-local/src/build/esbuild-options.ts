import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * SAM's esbuild builder passes every BuildProperties key to esbuild as a flag (PascalCase to
 * kebab-case) and always adds --bundle --platform=node. This maps the keys we accept onto
 * esbuild's API; an unknown key is an error rather than a silent difference from `sam build`.
 */
const KEYS: Record<string, keyof BuildOptions> = {
  EntryPoints: 'entryPoints',
  Target: 'target',
  Format: 'format',
  Minify: 'minify',
  Sourcemap: 'sourcemap',
  External: 'external',
  MainFields: 'mainFields',
  Loader: 'loader',
  Banner: 'banner',
  Footer: 'footer',
};

export function esbuildOptions(buildProperties: Record<string, unknown>, root: string, outdir: string): BuildOptions {
  const options: BuildOptions = { bundle: true, platform: 'node', outdir, logLevel: 'warning', absWorkingDir: root };
  for (const [key, value] of Object.entries(buildProperties)) {
    const option = KEYS[key];
    if (!option) throw new Error(`BuildProperties.${key} is not supported by the local build`);
    (options as Record<string, unknown>)[option] = value;
  }
  const entryPoints = options.entryPoints as string[] | undefined;
  if (!entryPoints?.length) throw new Error('BuildProperties.EntryPoints is required (CodeUri is the repository root)');
  options.entryPoints = entryPoints.map((entry) => resolve(root, entry));
  return options;
}
