import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

let built: string | undefined;

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
  const outfile = join(outdir, 'lambda-instance.js');
  buildSync({
    entryPoints: [join(__dirname, 'worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return (built = outfile);
}
