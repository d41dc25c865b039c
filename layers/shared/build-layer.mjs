// Bundles the layer's entries with esbuild: `node build-layer.mjs <outdir>` (the Makefile runs it).
import { build } from 'esbuild';
import { copyFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir) throw new Error('usage: node build-layer.mjs <outdir>');

// One folder per entry (each folder of src/), so a function loads only what it imports: the core
// has no SDK and no zod. Entries reach each other as ../<entry>, kept external here, so each stays
// one module at run time (one core: one logger, one metrics buffer); <entry>/index.js is what
// `shared/<entry>` resolves to.
const entries = readdirSync(join(here, 'src'), { withFileTypes: true })
  .filter((source) => source.isDirectory())
  .map((source) => source.name);

/**
 * Undici's client loads its HTTP/2 half, and with it `node:http2` (~2–3 ms of a cold start), when it
 * is itself loaded; our pool never offers h2 (`allowH2` is off), so that half is required only if a
 * connection ever negotiates it. Bundled modules run when first required, so a forwarding function
 * in its place defers all of it. The build fails if undici no longer loads it this way.
 */
let deferredHttp2 = 0;
const deferUndiciHttp2 = {
  name: 'defer-undici-http2',
  setup(pluginBuild) {
    const client = `${sep}undici${sep}lib${sep}dispatcher${sep}client.js`;
    pluginBuild.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) => {
      if (!args.importer.endsWith(client)) return undefined;
      deferredHttp2++;
      // The half of the same undici as the client that asked for it.
      return { path: join(dirname(args.importer), 'client-h2.js'), namespace: 'deferred' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      contents: `module.exports = (...args) => require(${JSON.stringify(args.path)})(...args);`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Undici's HTTP/1.1 parser is WebAssembly shipped as base64 text, ~72 KB for the SIMD build and as much
 * again for the build without SIMD, required only when a pool opens its first connection (and the
 * second only where SIMD is missing). Bundled, both are read and parsed at every load of the pool
 * entry; left as files beside it, a cold start reads the one it uses, when it connects.
 */
const undiciWasm = new Map();
const separateUndiciWasm = {
  name: 'separate-undici-wasm',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/llhttp\/llhttp(_simd)?-wasm\.js$/ }, (args) => {
      const source = join(args.resolveDir, args.path);
      undiciWasm.set(basename(source), source);
      return { path: `./${basename(source)}`, external: true };
    });
  },
};

// No source maps: with them SAM sets NODE_OPTIONS=--enable-source-maps, and Node then reads and
// parses every map at load — a cold-start cost on every function (README "Source maps").
// keepNames keeps our function and class names in stack traces instead.
// The AWS SDK is bundled rather than taken from the runtime: the versions are pinned by our
// lockfile, and the layer runs wherever a Lambda-like /opt/nodejs folder is on the module path.
const built = await build({
  entryPoints: entries.map((entry) => join(here, 'src', entry, 'index.ts')),
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: entries.map((entry) => `../${entry}`),
  outbase: join(here, 'src'),
  outdir,
  plugins: [deferUndiciHttp2, separateUndiciWasm],
  metafile: true,
});
if (deferredHttp2 === 0) throw new Error("undici's client no longer requires ./client-h2.js: update build-layer.mjs");
if (undiciWasm.size !== 2)
  throw new Error("undici's client no longer requires its two llhttp WebAssembly files: update build-layer.mjs");
// Each into the folder of every entry that requires it (today: pool).
for (const [output, { imports }] of Object.entries(built.metafile.outputs)) {
  for (const { path, external } of imports) {
    const source = external && undiciWasm.get(basename(path));
    if (source) copyFileSync(source, join(dirname(output), basename(path)));
  }
}
