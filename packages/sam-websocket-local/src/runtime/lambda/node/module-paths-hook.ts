import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Module resolution hooks for an instance's ES modules: NODE_PATH does not apply to `import`, but
 * Lambda's ES module handlers still find their layers' packages and the runtime's SDK; a bare
 * specifier the normal lookup misses is looked up in the instance's module paths, in order.
 * Runs on Node's loader thread (module.register); the paths come in through `initialize`.
 */
let paths: string[] = [];

export function initialize(data: { paths: string[] }): void {
  paths = data.paths;
}

type Next = (specifier: string, context: { parentURL?: string }) => Promise<unknown>;

export async function resolve(specifier: string, context: { parentURL?: string }, next: Next): Promise<unknown> {
  try {
    return await next(specifier, context);
  } catch (error) {
    const bare = !/^(\.|\/|[a-z]+:)/i.test(specifier);
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !bare) throw error;
    for (const dir of paths) {
      // A parent inside <dir>'s parent makes the normal lookup visit <dir> itself.
      try {
        return await next(specifier, {
          ...context,
          parentURL: pathToFileURL(join(dir, '..', 'resolve-from.mjs')).href,
        });
      } catch {
        // not in this one
      }
    }
    throw error;
  }
}
