import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { projectRoot, startRuntimeProcess } from '../runtime-process';

/** Milliseconds from spawning `npm start` to the first WebSocket connection it accepts. */
export async function timeToFirstConnection(options: { cleanBuild: boolean }): Promise<number> {
  if (options.cleanBuild) rmSync(join(projectRoot, '.aws-sam', 'build'), { recursive: true, force: true });
  const started = performance.now();
  const runtime = await startRuntimeProcess([], ['npm', 'start', '--']);
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(runtime.webSocketUrl);
      socket.once('open', () => {
        socket.close();
        resolve();
      });
      socket.once('error', reject);
    });
    return performance.now() - started;
  } finally {
    await runtime.stop();
  }
}
