import Module from 'node:module';

const IMPORT_WORD = /\bimport\b/g;
/** `import('node:…')`: a builtin, which resolves without the hook (the AWS SDK's own code has one). */
const BUILTIN_IMPORT = /^import\s*\(\s*(['"])node:[^'"]*\1\s*\)/;

/**
 * Whether a module's source may hand the ES module resolver a specifier that only the module paths
 * resolve. Any `import` counts but a dynamic import of a builtin: a dynamic import of a package or
 * of a file that may import one, an import built in a string for `new Function`, a static import, or
 * the word in a comment. A false alarm costs only the
 * hook's start-up, which every instance paid before.
 */
export function mayNeedModulePaths(source: string): boolean {
  for (const match of source.matchAll(IMPORT_WORD))
    if (!BUILTIN_IMPORT.test(source.slice(match.index, match.index + 200))) return true;
  return false;
}

type Compile = (this: Module, content: unknown, filename: string, ...rest: unknown[]) => unknown;

/**
 * Registers the module-paths hook the first time this thread may need it, instead of at its start.
 * Node 20 runs resolution hooks on a thread of their own that `register` starts: ~30 ms and one
 * more isolate at every cold start, measured, and only ES module resolution consults them. So each
 * CommonJS module is read before it runs, and an instance whose modules never import anything by
 * name never starts that thread. `now()` registers at once: before importing an ES module handler.
 */
export function registerWhenNeeded(register: () => void): { now(): void } {
  let registered = false;
  const now = () => {
    if (registered) return;
    registered = true;
    register();
  };
  const prototype = Module.prototype as unknown as { _compile: Compile };
  const compile = prototype._compile;
  // Left in place once registered (another require hook may have wrapped it since): a flag test then.
  prototype._compile = function (this: Module, content: unknown, filename: string, ...rest: unknown[]) {
    if (!registered && typeof content === 'string' && mayNeedModulePaths(content)) now();
    return compile.call(this, content, filename, ...rest);
  };
  return { now };
}
