import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, type Summary } from '../stats';
import { projectRoot } from '../runtime-process';

export interface ColdStartRow {
  functionId: string;
  bundleBytes: number;
  layerBytes: number;
  loadMs: Summary;
  emptyMs: Summary;
  ratio: number;
}

/** What the template gives every function, so module-scope initialisation runs as in Lambda. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  CONNECTIONS_TABLE: 'ConnectionsTable',
  WEBSOCKET_ENDPOINT: 'wss://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/development',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Wall time of a fresh Node process that loads `module` (with the layer on NODE_PATH) and exits. */
function timeLoad(module: string, nodePath: string, cwd: string): number {
  const started = performance.now();
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(module)})`], { cwd, env: { ...LAMBDA_ENV, PATH: process.env.PATH, NODE_PATH: nodePath }, stdio: 'ignore' });
  return performance.now() - started;
}

export function coldStart(functionIds: string[], samples: number): ColdStartRow[] {
  const build = join(projectRoot, '.aws-sam', 'build');
  const work = mkdtempSync(join(tmpdir(), 'coldstart-'));
  try {
    const opt = join(work, 'opt');
    cpSync(join(build, 'SharedLayer'), opt, { recursive: true });
    const nodePath = join(opt, 'nodejs', 'node_modules');
    const layerDir = join(nodePath, '@comments-websocket', 'shared');
    const layerBytes = readdirSync(layerDir)
      .filter((file) => file.endsWith('.js'))
      .reduce((sum, file) => sum + statSync(join(layerDir, file)).size, 0);
    const empty = join(work, 'empty.js');
    writeFileSync(empty, '');
    return functionIds.map((functionId) => {
      const task = join(work, functionId);
      cpSync(join(build, functionId), task, { recursive: true });
      const entry = join(task, 'index.js');
      const load: number[] = [];
      const baseline: number[] = [];
      timeLoad(entry, nodePath, task);
      // Interleaved, so both see the same machine load.
      for (let i = 0; i < samples; i++) {
        baseline.push(timeLoad(empty, nodePath, task));
        load.push(timeLoad(entry, nodePath, task));
      }
      const loadMs = summarize(load);
      const emptyMs = summarize(baseline);
      return { functionId, bundleBytes: statSync(entry).size, layerBytes, loadMs, emptyMs, ratio: loadMs.median / emptyMs.median };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
