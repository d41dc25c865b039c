import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from 'sam-websocket-local';
import { CollectingLog } from '../support/runtime';

describe('an esbuild function whose dependencies are not installed', () => {
  it('stops the start in one line naming the folder that needs npm install', async () => {
    const buildDir = mkdtempSync(join(tmpdir(), 'runtime-build-'));
    try {
      const start = startLocalStack({
        template: join(__dirname, '..', 'fixtures', 'projects', 'esbuild-deps'),
        host: '127.0.0.1',
        port: 0,
        watch: false,
        buildDir,
        log: new CollectingLog(),
      });
      await expect(start).rejects.toThrow(
        /^SendFunction: fn\/package\.json lists @fixture-not-installed\/greeting, not installed: run npm install in fn \(sam build installs them in its build copy\)$/,
      );
    } finally {
      rmSync(buildDir, { recursive: true, force: true });
    }
  });
});
