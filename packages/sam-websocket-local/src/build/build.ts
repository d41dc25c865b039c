import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import type { Application, FunctionSpec, LayerSpec } from '../template/application';
import { missingDependencies } from '../project/dependencies';
import { writeBuiltTemplate } from './built-template';
import { esbuildOptions } from './esbuild-options';
import { isBuildFresh, markBuilt } from './freshness';

const run = promisify(execFile);

export interface BuildLayout {
  root: string;
  /** Like `sam build`: one folder per logical id. */
  buildDir: string;
  /** For debugging: esbuild functions built unminified with inline source maps back to their sources. */
  sourceMaps?: boolean;
}

export const defaultLayout = (root: string): BuildLayout => ({ root, buildDir: join(root, '.aws-sam', 'build') });

/** `--debug` builds apart from `sam build`'s folder, so neither build passes for the other. */
export const debugLayout = (root: string): BuildLayout => ({
  root,
  buildDir: join(root, '.aws-sam', 'debug-build'),
  sourceMaps: true,
});

export const artifactsDir = (layout: BuildLayout, logicalId: string) => join(layout.buildDir, logicalId);

/**
 * esbuild functions are bundled and inline code written out (as index.js or index.py, where
 * CloudFormation puts it); a plain CodeUri folder runs as it is, so it has nothing to build.
 */
export async function buildFunction(layout: BuildLayout, fn: FunctionSpec): Promise<string | undefined> {
  const outdir = artifactsDir(layout, fn.logicalId);
  if (fn.inlineCode !== undefined) {
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    await writeFile(join(outdir, fn.runtime.startsWith('python') ? 'index.py' : 'index.js'), fn.inlineCode);
    return outdir;
  }
  if (fn.buildMethod !== 'esbuild') return undefined;
  await rm(outdir, { recursive: true, force: true });
  const codeUri = resolve(layout.root, fn.codeUri);
  const options = esbuildOptions(fn.buildProperties, codeUri, outdir);
  // Inline maps: a debugger finds them in the script itself, wherever the build folder is.
  if (layout.sourceMaps) Object.assign(options, { sourcemap: 'inline', sourcesContent: true, minify: false });
  try {
    await esbuild(options);
  } catch (error) {
    throw uninstalledDependencies(layout, fn, codeUri, error);
  }
  return outdir;
}

/**
 * `sam build` installs a CodeUri's package.json dependencies in a build copy before bundling; here
 * they must be installed already. When a bundle fails and some are not, say which folder needs
 * `npm install` in one line instead of esbuild's bare "Could not resolve".
 */
function uninstalledDependencies(layout: BuildLayout, fn: FunctionSpec, codeUri: string, error: unknown): unknown {
  const missing = missingDependencies(codeUri);
  if (missing.length === 0) return error;
  const where = relative(layout.root, codeUri) || '.';
  return new Error(
    `${fn.logicalId}: ${join(where, 'package.json')} lists ${missing.join(', ')}, not installed: run npm install in ${where} (sam build installs them in its build copy)`,
    { cause: error },
  );
}

/** Runs the layer's Makefile exactly as SAM's makefile builder does: `make build-<LogicalId>` with ARTIFACTS_DIR. */
export async function buildLayer(layout: BuildLayout, layer: LayerSpec): Promise<string | undefined> {
  // Any other layer is used as the folder it is (nodejs/node_modules, python/ inside ContentUri).
  if (layer.buildMethod !== 'makefile') return undefined;
  const outdir = artifactsDir(layout, layer.logicalId);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const source = resolve(layout.root, layer.contentUri);
  await run('make', ['--no-print-directory', '-f', join(source, 'Makefile'), `build-${layer.logicalId}`], {
    cwd: source,
    env: { ...process.env, ARTIFACTS_DIR: outdir },
  });
  return outdir;
}

export async function buildAll(layout: BuildLayout, app: Application): Promise<void> {
  await mkdir(layout.buildDir, { recursive: true });
  await Promise.all([
    ...[...app.layers.values()].map((layer) => buildLayer(layout, layer)),
    ...[...app.functions.values()].map((fn) => buildFunction(layout, fn)),
  ]);
  writeBuiltTemplate(layout.buildDir, app, layout.root);
  markBuilt(layout.buildDir);
}

/** Builds unless the last build is newer than the template and every source folder; says whether it built. */
export async function buildIfStale(layout: BuildLayout, app: Application, sources: string[]): Promise<boolean> {
  if (isBuildFresh(layout.buildDir, sources)) return false;
  await buildAll(layout, app);
  return true;
}
