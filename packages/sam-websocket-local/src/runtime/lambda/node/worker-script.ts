import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

let built: string | undefined;

/** The Node instance's bootstrap and its ES module resolution hook, as the files esbuild makes of them. */
export const INSTANCE_FILES = [
  { source: 'worker.ts', output: 'lambda-instance.js', format: 'cjs' },
  { source: 'module-paths-hook.ts', output: 'module-paths-hook.mjs', format: 'esm' },
] as const;

/**
 * The instance bootstrap as JavaScript, so worker threads need no TypeScript loader: shipped beside
 * the bundle in the packed package, compiled once per process from a checkout.
 */
export function workerScript(): string {
  if (built) return built;
  const shipped = join(__dirname, 'lambda-instance.js');
  if (existsSync(shipped)) return (built = shipped);
  const outdir = join(tmpdir(), `sam-websocket-local-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  for (const file of INSTANCE_FILES) {
    buildSync({
      entryPoints: [join(__dirname, file.source)],
      outfile: join(outdir, file.output),
      bundle: true,
      platform: 'node',
      format: file.format,
      target: 'node20',
      logLevel: 'warning',
    });
  }
  return (built = join(outdir, 'lambda-instance.js'));
}
