import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What `start --ready-json` prints, as one line, once it serves. */
export interface ReadyLine {
  webSocketUrl: string;
  httpUrl: string;
  managementEndpoint: string;
  dynamodbEndpoint: string;
  tableNames: string[];
  restUrls: string[];
}

export interface RuntimeProcess extends ReadyLine {
  child: ChildProcess;
  /** Ctrl-C to its process group, as a terminal sends it; resolves when it has exited. */
  stop(): Promise<void>;
}

export interface RuntimeProcessOptions {
  /** Flags after `start` (the launcher adds --ready-json). */
  args?: string[];
  /** The project directory (default: the working directory). */
  cwd?: string;
  /** Another way in (e.g. `npm start --`); default: this package's own CLI under this Node. */
  command?: string[];
  env?: NodeJS.ProcessEnv;
  /** Every line the runtime prints after its ready line (its log, functions' output). */
  onLine?: (line: string) => void;
}

/** This package's CLI, from its source in a checkout or its bundle when packed. */
export const CLI_COMMAND = [process.execPath, join(__dirname, '..', 'bin', 'sam-websocket-local.js')];

/**
 * The runtime in a process of its own (its sockets and CPU apart from the caller's), started as a
 * user starts it and known to be serving by its one machine-readable ready line.
 */
export function startRuntimeProcess(options: RuntimeProcessOptions = {}): Promise<RuntimeProcess> {
  const command = options.command ?? [...CLI_COMMAND, 'start'];
  const child = spawn(command[0]!, [...command.slice(1), '--ready-json', ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches every process of the command alike, as in a terminal.
    detached: true,
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let ready: ReadyLine | undefined;
    lines.on('line', (line) => {
      if (ready) return options.onLine?.(line);
      output += `${line}\n`;
      if (!line.startsWith('{"ready":')) return;
      ready = (JSON.parse(line) as { ready: ReadyLine }).ready;
      resolve({ ...ready, child, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`the runtime exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    process.kill(-child.pid!, 'SIGINT');
  });
}
