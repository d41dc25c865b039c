import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { projectRoot } from '../../paths';

let built: string | undefined;

/** The instance bootstrap, compiled once per process so worker threads need no TypeScript loader. */
export function workerScript(): string {
  if (built) return built;
  const outdir = join(projectRoot, '.aws-sam', 'runtime');
  mkdirSync(outdir, { recursive: true });
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
  built = outfile;
  return outfile;
}
