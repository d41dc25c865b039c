import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, type Summary } from '../stats';
import {
  type Application,
  functionEnvironments,
  parameterValues,
  readParametersFile,
} from 'sam-websocket-local/internal';
import { projectRoot } from '../runtime-process';

export interface ColdStartRow {
  functionId: string;
  bundleBytes: number;
  layerBytes: number;
  loadMs: Summary;
  emptyMs: Summary;
  ratio: number;
  /** The same load with NODE_OPTIONS=--enable-source-maps, which SAM sets when Sourcemap is true. */
  withSourceMapsMs: Summary;
  sourceMapRatio: number;
}

/** Wall time of a fresh Node process that loads `module` (with the layer on NODE_PATH) and exits. */
function timeLoad(module: string, nodePath: string, cwd: string, env: Record<string, string>): number {
  const started = performance.now();
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(module)})`], {
    cwd,
    env: { ...env, PATH: process.env.PATH!, NODE_PATH: nodePath },
    stdio: 'ignore',
  });
  return performance.now() - started;
}

export function coldStart(app: Application, samples: number): ColdStartRow[] {
  const functionIds = [...app.functions.keys()];
  // Each function's environment as the template gives it, so module-scope initialisation runs as in Lambda.
  const envs = functionEnvironments(app, parameterValues(app.template, readParametersFile(projectRoot, 'dev')));
  const build = join(projectRoot, '.aws-sam', 'build');
  const work = mkdtempSync(join(tmpdir(), 'coldstart-'));
  try {
    const opt = join(work, 'opt');
    cpSync(join(build, 'SharedLayer'), opt, { recursive: true });
    const nodePath = join(opt, 'nodejs', 'node_modules');
    const layerDir = join(nodePath, '@comments-websocket', 'shared');
    // One folder per entry, each an index.js (and undici's parsers beside the pool's).
    const layerBytes = readdirSync(layerDir, { recursive: true, encoding: 'utf8' })
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
      const mapped: number[] = [];
      const env = envs.get(functionId)!;
      const withMaps = { ...env, NODE_OPTIONS: '--enable-source-maps' };
      timeLoad(entry, nodePath, task, env);
      // Interleaved, so all see the same machine load.
      for (let i = 0; i < samples; i++) {
        baseline.push(timeLoad(empty, nodePath, task, env));
        load.push(timeLoad(entry, nodePath, task, env));
        mapped.push(timeLoad(entry, nodePath, task, withMaps));
      }
      const loadMs = summarize(load);
      const emptyMs = summarize(baseline);
      const withSourceMapsMs = summarize(mapped);
      return {
        functionId,
        bundleBytes: statSync(entry).size,
        layerBytes,
        loadMs,
        emptyMs,
        ratio: loadMs.median / emptyMs.median,
        withSourceMapsMs,
        sourceMapRatio: withSourceMapsMs.median / loadMs.median,
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
