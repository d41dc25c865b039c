import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const projectRoot = join(__dirname, '..');

export interface RuntimeProcess {
  child: ChildProcess;
  webSocketUrl: string;
  httpUrl: string;
  dynamodbEndpoint: string;
  /** The template's tables, as the runtime printed them. */
  tableNames: string[];
  stop(): Promise<void>;
}

/** The local runtime as a user starts it, in its own process (so its sockets do not count against ours). */
/** tsx as a loader in the runtime's own process: the tsx CLI's signal relay SIGKILLs a child that is busy for 60 ms. */
export const runtimeCommand = [process.execPath, join(projectRoot, 'node_modules', 'sam-websocket-local', 'bin', 'sam-websocket-local.js')];

/** `onLine` sees every line the runtime prints after it is ready (pass `--log-level INFO` to get its invoke lines). */
export function startRuntimeProcess(args: string[] = [], command: string[] = [...runtimeCommand, 'start'], onLine?: (line: string) => void): Promise<RuntimeProcess> {
  const child = spawn(command[0]!, [...command.slice(1), '--port', '0', '--host', '127.0.0.1', '--no-watch', '--log-level', 'WARN', ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches npm, tsx and the runtime alike, as in a terminal.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ws = /WebSocket\s+(ws:\/\/\S+)/.exec(output);
      const db = /DynamoDB\s+(http:\/\/\S+)\s+tables: (.+)/.exec(output);
      if (ws && db) {
        child.stdout!.off('data', onData);
        if (onLine) createInterface({ input: child.stdout! }).on('line', onLine);
        else child.stdout!.resume();
        const httpUrl = ws[1]!.replace(/^ws:/, 'http:').replace(/\/[^/]+$/, '');
        resolve({
          child,
          webSocketUrl: ws[1]!,
          httpUrl,
          dynamodbEndpoint: db[1]!,
          tableNames: db[2]!.trim().split(', '),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              process.kill(-child.pid!, 'SIGINT');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}:\n${output}`)));
  });
}
