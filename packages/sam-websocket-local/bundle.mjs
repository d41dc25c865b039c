// `npm pack` ships JavaScript: the CLI, the library entry and the Lambda instance files, each one
// file; dependencies stay packages (the functions find the AWS SDK among them, as on Lambda).
import { copyFileSync } from 'node:fs';
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
    entryPoints: ['src/runtime/lambda/worker.ts'],
    outfile: 'dist/lambda-instance.js',
  }),
  build({
    ...common,
    packages: undefined,
    format: 'esm',
    entryPoints: ['src/runtime/lambda/module-paths-hook.ts'],
    outfile: 'dist/module-paths-hook.mjs',
  }),
]);
copyFileSync('src/runtime/lambda/python_bootstrap.py', 'dist/python_bootstrap.py');
