import { join, relative } from 'node:path';
import { missingDependencies } from '../../project/dependencies';
import { type Application, type FunctionSpec, referencedIds } from '../../template/application';
import type { IntrinsicResolver } from '../../template/intrinsics';
import { type CodeFolders, codeDir } from './code-location';
import { sdkV2Warning } from './sdk-v2-warning';

/**
 * What a function will miss locally that it would have on Lambda, said once at start rather than as
 * an import error on its first call: layers published outside the template, dependencies that
 * `sam build` would have installed from a plain CodeUri folder's package.json, and the SDK v2.
 */
export function codeWarnings(
  app: Application,
  fn: FunctionSpec,
  resolver: IntrinsicResolver,
  folders: CodeFolders,
): string[] {
  const warnings: string[] = [];
  for (const value of fn.layerValues) {
    if (referencedIds(value).some((id) => app.layers.has(id))) continue;
    warnings.push(
      `${fn.logicalId}: layer ${written(value, resolver)} is not in this template, so its modules are not here`,
    );
  }
  const missing =
    fn.runtime.startsWith('nodejs') && !fn.buildMethod && !fn.inlineCode
      ? missingDependencies(codeDir(fn, folders))
      : [];
  if (missing.length > 0) {
    const where = relative(folders.root, codeDir(fn, folders)) || '.';
    warnings.push(
      `${fn.logicalId}: ${where}/package.json needs ${missing.join(', ')}, not installed (sam build would install them): run npm install in ${where}`,
    );
  }
  if (fn.runtime.startsWith('nodejs') && !fn.buildMethod && !missing.includes('aws-sdk')) {
    const entryBase = join(codeDir(fn, folders), fn.handler.slice(0, Math.max(0, fn.handler.lastIndexOf('.'))));
    const sdk = sdkV2Warning(fn, entryBase);
    if (sdk) warnings.push(sdk);
  }
  return warnings;
}

function written(value: unknown, resolver: IntrinsicResolver): string {
  try {
    return String(resolver.resolve(value));
  } catch {
    return JSON.stringify(value);
  }
}
