import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startRuntimeProcess as startProcess } from 'sam-websocket-local';
import { WebSocket } from 'ws';
import { copyProject, eventually, startRuntime } from '../support/runtime';
import { TestClient } from '../support/ws-client';

describe('a rebuild', () => {
  it('says when it starts, what changed and which functions it touches, then that it is done', async () => {
    const project = copyProject();
    const runtime = await startRuntime({ template: project.root, watch: true });
    try {
      appendFileSync(join(project.root, 'layers/shared/src/fanout/fan-out.ts'), '\n// edited by a test\n');
      await eventually(() => runtime.log.lines.some((line) => line.includes('rebuilt')));
      const started = runtime.log.lines.find((line) => line.includes('rebuilding'))!;
      // Every function takes the layer (Globals): named in part, then counted.
      expect(started).toMatch(/rebuilding \w+Function, \w+Function, \w+Function and \d+ more functions:/);
      expect(started).toContain('layers/shared/src/fanout/fan-out.ts changed');
      expect(runtime.log.lines.indexOf(started)).toBeLessThan(
        runtime.log.lines.findIndex((line) => line.includes('rebuilt')),
      );

      appendFileSync(join(project.root, 'functions/broadcast/index.ts'), '\n// edited by a test\n');
      await eventually(() => runtime.log.lines.filter((line) => line.includes('rebuilt')).length === 2);
      expect(runtime.log.lines.filter((line) => line.includes('rebuilding'))[1]).toContain(
        'rebuilding BroadcastFunction: functions/broadcast/index.ts changed',
      );
    } finally {
      await runtime.close();
      project.remove();
    }
  }, 120_000);
});

/** A port nothing listens on now (the kernel's pick, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Chrome DevTools Protocol session over the inspector's WebSocket, with its events kept. */
class InspectorSession {
  readonly events: { method: string; params: Record<string, unknown> }[] = [];
  private nextId = 1;
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8'));
      if (message.method) this.events.push(message);
    });
  }
  static open(url: string): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new InspectorSession(socket)));
      socket.once('error', reject);
    });
  }
  send(method: string, params: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify({ id: this.nextId++, method, params }));
  }
  close(): void {
    this.socket.close();
  }
}

describe('--debug', () => {
  it('opens the inspector, lists each function instance as a worker, and its script maps back to the TypeScript source', async () => {
    const project = copyProject();
    const port = await freePort();
    const runtime = await startProcess({
      cwd: project.root,
      args: [
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--no-watch',
        '--log-level',
        'WARN',
        '--debug',
        '--debug-port',
        String(port),
      ],
    });
    let session: InspectorSession | undefined;
    try {
      // The $connect runs ConnectFunction: its instance (a worker thread) now exists.
      const client = await TestClient.connect(runtime.webSocketUrl);
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      expect(targets).toHaveLength(1);
      session = await InspectorSession.open(targets[0]!.webSocketDebuggerUrl);
      session.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
      const attached = () =>
        session!.events
          .filter((event) => event.method === 'NodeWorker.attachedToWorker')
          .map((event) => event.params as { sessionId: string; workerInfo: { title: string } });
      await eventually(() => attached().some((worker) => worker.workerInfo.title.includes('ConnectFunction')));
      const worker = attached().find((candidate) => candidate.workerInfo.title.includes('ConnectFunction'))!;

      session.send('NodeWorker.sendMessageToWorker', {
        sessionId: worker.sessionId,
        message: JSON.stringify({ id: 1, method: 'Debugger.enable' }),
      });
      const fromWorker = () =>
        session!.events
          .filter((event) => event.method === 'NodeWorker.receivedMessageFromWorker')
          .map((event) => JSON.parse((event.params as { message: string }).message))
          .filter((message) => message.method === 'Debugger.scriptParsed');
      const handlerScript = () =>
        fromWorker().find((message) => String(message.params.url).includes('debug-build/ConnectFunction/'));
      await eventually(() => handlerScript() !== undefined);
      const { sourceMapURL } = handlerScript().params as { sourceMapURL: string };
      expect(sourceMapURL).toMatch(/^data:application\/json;base64,/);
      const map = JSON.parse(Buffer.from(sourceMapURL.split(',')[1]!, 'base64').toString('utf8')) as {
        sources: string[];
      };
      expect(map.sources.some((source) => source.endsWith('functions/connect/index.ts'))).toBe(true);
      await client.close();
    } finally {
      session?.close();
      await runtime.stop();
      project.remove();
    }
  }, 120_000);
});
