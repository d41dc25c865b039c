import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../../src/runtime/local-stack';
import { CollectingLog, startRuntime } from '../support/runtime';

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

describe('a plain CloudFormation HTTP API', () => {
  it('serves its routes with payload format 2.0 on its stage', async () => {
    const runtime = await startRuntime({ template: join(__dirname, '..', 'fixtures', 'projects', 'cfn-http-api') });
    try {
      expect(runtime.restUrls).toContain(`GET ${runtime.httpUrl}/v1/items/{id}`);
      const response = await fetch(`${runtime.httpUrl}/v1/items/42`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ version: '2.0', routeKey: 'GET /items/{id}', id: '42', stage: 'v1' });
    } finally {
      await runtime.close();
    }
  });
});
