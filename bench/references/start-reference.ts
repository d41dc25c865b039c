import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Reference {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

export function startReference(name: 'direct-broadcast' | 'post-per-connection' | 'scan-and-post'): Promise<Reference> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.ts`)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => {
      const port = Number(/PORT (\d+)/.exec(chunk.toString())?.[1]);
      resolve({
        child,
        port,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}
