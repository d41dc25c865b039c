import { dirname, join, resolve } from 'node:path';
import type { Application, FunctionSpec } from '../../template/application';

/** Where an instance finds a function's code and its layers, as Lambda lays them out in /var/task and /opt. */
export type CodeLocation =
  | { language: 'node'; entryBase: string; handlerName: string; modulePaths: string[] }
  | { language: 'python'; codeDir: string; module: string; handlerName: string; modulePaths: string[] }
  | { language: 'none'; reason: string };

export interface CodeFolders {
  root: string;
  buildDir: string;
}

/** The AWS SDK v3 the Lambda Node runtime provides: this package's own copy, found on the module path last. */
const providedSdk = dirname(dirname(dirname(require.resolve('@aws-sdk/client-dynamodb/package.json'))));

/** The folder that plays /var/task: the build's output, the inline code written out, or the CodeUri folder as is. */
export function codeDir(fn: FunctionSpec, folders: CodeFolders): string {
  if (fn.buildMethod === 'esbuild' || fn.inlineCode !== undefined) return join(folders.buildDir, fn.logicalId);
  return resolve(folders.root, fn.codeUri);
}

/** The folder that plays /opt: a layer's build output when it has a build, its ContentUri folder otherwise. */
export function layerDir(app: Application, layerId: string, folders: CodeFolders): string | undefined {
  const layer = app.layers.get(layerId);
  if (!layer) return undefined;
  return layer.buildMethod === 'makefile' ? join(folders.buildDir, layerId) : resolve(folders.root, layer.contentUri);
}

export function codeLocation(app: Application, fn: FunctionSpec, folders: CodeFolders): CodeLocation {
  if (fn.unavailable) return { language: 'none', reason: fn.unavailable };
  if (fn.packageType === 'Image')
    return { language: 'none', reason: 'an image function (PackageType: Image) needs a container engine' };
  // The runtime first: a Go or Java handler is not <file>.<function>, and that is not why it cannot run.
  if (!fn.runtime.startsWith('nodejs') && !fn.runtime.startsWith('python'))
    return {
      language: 'none',
      reason: `runtime "${fn.runtime || '(none)'}" is not emulated (Node.js and Python are; Go, Java, .NET, Ruby and custom runtimes are not)`,
    };
  const split = fn.handler.lastIndexOf('.');
  if (split <= 0) return { language: 'none', reason: `Handler "${fn.handler}" is not <file>.<function>` };
  const [file, handlerName] = [fn.handler.slice(0, split), fn.handler.slice(split + 1)];
  const code = codeDir(fn, folders);
  const layers = fn.layers.flatMap((id) => layerDir(app, id, folders) ?? []);
  if (fn.runtime.startsWith('nodejs')) {
    // Lambda's NODE_PATH: /opt/nodejs/node<major>/node_modules, /opt/nodejs/node_modules, the runtime's SDK.
    const major = /^nodejs(\d+)/.exec(fn.runtime)?.[1];
    const modulePaths = layers.flatMap((dir) => [
      join(dir, 'nodejs', `node${major}`, 'node_modules'),
      join(dir, 'nodejs', 'node_modules'),
    ]);
    return { language: 'node', entryBase: join(code, file), handlerName, modulePaths: [...modulePaths, providedSdk] };
  }
  if (fn.runtime.startsWith('python')) {
    // Lambda's PYTHONPATH after the code: /opt/python/lib/python3.x/site-packages, /opt/python.
    const modulePaths = layers.flatMap((dir) => [
      join(dir, 'python', 'lib', fn.runtime, 'site-packages'),
      join(dir, 'python'),
    ]);
    return { language: 'python', codeDir: code, module: file.replace(/\//g, '.'), handlerName, modulePaths };
  }
  return { language: 'none', reason: `runtime "${fn.runtime}" is not emulated (Node.js and Python are)` };
}
