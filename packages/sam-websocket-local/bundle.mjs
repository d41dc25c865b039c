// `npm pack` ships JavaScript: the CLI, the library entry and the Lambda instance files, each one
// file; dependencies stay packages (the functions find the AWS SDK among them, as on Lambda). The
// entry's types ship as declarations, so a strict TypeScript consumer compiles against them.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' }),
  build({
    ...common,
    packages: undefined,
    entryPoints: ['src/runtime/lambda/node/worker.ts'],
    outfile: 'dist/lambda-instance.js',
  }),
  build({
    ...common,
    packages: undefined,
    format: 'esm',
    entryPoints: ['src/runtime/lambda/node/module-paths-hook.ts'],
    outfile: 'dist/module-paths-hook.mjs',
  }),
]);
copyFileSync('src/runtime/lambda/python/python_bootstrap.py', 'dist/python_bootstrap.py');
// TypeScript comes from the repository's own dependencies: packing happens in a checkout.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
