// `npm pack` ships JavaScript: the CLI, the library entry and the Lambda instance bootstrap, each one
// file; dependencies stay packages (the functions find the AWS SDK among them, as on Lambda).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' }),
  build({ ...common, entryPoints: ['src/runtime/lambda/worker.ts'], outfile: 'dist/lambda-instance.js' }),
]);
