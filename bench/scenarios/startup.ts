import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { projectRoot, startRuntimeProcess } from '../runtime-process';

export interface StartupRun {
  /** From spawning `npm start` to the first WebSocket connection it accepts. */
  connectMs: number;
  /** Then from POSTing the first broadcast to that client's receiving it: a developer's first try. */
  firstBroadcastMs: number;
}

/** `npm start` as a developer runs it: the first connection, then the first broadcast to it. */
export async function startToFirstBroadcast(options: { cleanBuild: boolean }): Promise<StartupRun> {
  if (options.cleanBuild) rmSync(join(projectRoot, '.aws-sam', 'build'), { recursive: true, force: true });
  const started = performance.now();
  const runtime = await startRuntimeProcess([], ['npm', 'start', '--']);
  const socket = new WebSocket(runtime.webSocketUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const connectMs = performance.now() - started;
    const marker = `startup-${Date.now()}`;
    const received = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        if (String(data).includes(marker)) resolve();
      }),
    );
    const posted = performance.now();
    const response = await fetch(`${runtime.httpUrl}/development/broadcast`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'bench', data: { marker } }),
    });
    if (!response.ok) throw new Error(`the first broadcast was answered ${response.status}: ${await response.text()}`);
    await received;
    return { connectMs, firstBroadcastMs: performance.now() - posted };
  } finally {
    socket.close();
    await runtime.stop();
  }
}
