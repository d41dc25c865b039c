import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installPackedCli } from '../support/packed-cli';
import { workspaceRoot } from '../support/paths';

const run = promisify(execFile);

describe('the packed package for a TypeScript user', () => {
  it('compiles a strict consumer against its declarations (no implicit any, no missing types)', async () => {
    const installed = await installPackedCli();
    try {
      // A consumer as a user writes it: strict, resolving the package as Node does, checking libraries too.
      writeFileSync(
        join(installed.scratch, 'consumer.ts'),
        [
          "import { startLocalStack, type LocalStack, type LocalStackOptions } from 'sam-websocket-local';",
          "const options: LocalStackOptions = { template: '.', port: 0, watch: false };",
          'export async function run(): Promise<string> {',
          '  const stack: LocalStack = await startLocalStack(options);',
          '  const url: string = stack.webSocketUrl;',
          '  await stack.close();',
          '  return url;',
          '}',
        ].join('\n'),
      );
      writeFileSync(
        join(installed.scratch, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(workspaceRoot, 'node_modules', '@types')],
          },
          files: ['consumer.ts'],
        }),
      );
      const tsc = require.resolve('typescript/bin/tsc');
      const errors = await run(process.execPath, [tsc, '-p', installed.scratch], {
        cwd: installed.scratch,
        timeout: 120_000,
      }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(errors).toBe('');
    } finally {
      installed.remove();
    }
  }, 300_000);
});
