import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '../../template/application';

/** Lambda's Node runtimes up to nodejs16.x include the AWS SDK v2 (`aws-sdk`); from nodejs18.x only v3. */
const LAST_RUNTIME_WITH_SDK_V2 = 16;

const REQUIRES_SDK_V2 = /require\(\s*['"]aws-sdk['"]\s*\)|from\s+['"]aws-sdk['"]|import\(\s*['"]aws-sdk['"]\s*\)/;

/**
 * A function whose handler file loads `aws-sdk` (v2) that no node_modules here provides: said at start,
 * with whose fault it is. On nodejs18.x and later Lambda fails the same way; on older runtimes Lambda
 * had it built in, which this runtime does not, so it must be installed.
 */
export function sdkV2Warning(fn: FunctionSpec, entryBase: string): string | undefined {
  const source = fn.inlineCode ?? handlerSource(entryBase);
  if (source === undefined || !REQUIRES_SDK_V2.test(source) || resolvable(dirname(entryBase))) return undefined;
  const major = Number(/^nodejs(\d+)/.exec(fn.runtime)?.[1]);
  if (major > LAST_RUNTIME_WITH_SDK_V2)
    return (
      `${fn.logicalId}: loads aws-sdk (the SDK v2), which Lambda's ${fn.runtime} does not include either: ` +
      'it fails on AWS as here (Runtime.ImportModuleError); the SDK v3 (@aws-sdk/*) is included'
    );
  return (
    `${fn.logicalId}: loads aws-sdk (the SDK v2), which Lambda's ${fn.runtime} includes but this runtime does not: ` +
    `install it (npm install aws-sdk@2) where the function's code finds it`
  );
}

function handlerSource(entryBase: string): string | undefined {
  for (const extension of ['.js', '.cjs', '.mjs']) {
    const file = entryBase + extension;
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
}

function resolvable(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', 'aws-sdk', 'package.json'))) return true;
    if (dirname(current) === current) return false;
  }
}
