import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixture as fixtureProject, packageRoot } from './paths';

const run = promisify(execFile);
const packageDir = packageRoot;

/** The runtime as a user gets it: `npm pack`, installed into a scratch folder of its own. */
export async function installPackedCli(): Promise<{ bin: string; scratch: string; remove: () => void }> {
  const scratch = mkdtempSync(join(tmpdir(), 'packed-cli-'));
  await run('npm', ['pack', '--pack-destination', scratch], { cwd: packageDir, timeout: 120_000 });
  const tarball = readdirSync(scratch).find((file) => file.endsWith('.tgz'))!;
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  // The dependencies are the versions the repository's lockfile pins, so npm's cache has them.
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, tarball)],
    { cwd: scratch, timeout: 300_000 },
  );
  return {
    bin: join(scratch, 'node_modules', '.bin', 'sam-websocket-local'),
    scratch,
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

export interface RunningProject {
  child: ChildProcess;
  dir: string;
  webSocketUrl: string;
  httpUrl: string;
  dynamodbUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** A fixture project copied to a scratch folder, started with `sam-websocket-local start` there. */
export async function startProject(
  bin: string,
  scratch: string,
  fixture: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningProject> {
  const dir = join(scratch, 'projects', fixture);
  cpSync(fixtureProject(fixture), dir, { recursive: true });
  const child = spawn(bin, ['start', '--port', '0', '--host', '127.0.0.1', '--no-watch', ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const webSocketUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /WebSocket\s+(ws:\/\/\S+)/.exec(output);
      if (match && /Ctrl-C to stop/.test(output)) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return {
    child,
    dir,
    webSocketUrl,
    httpUrl: `http://${new URL(webSocketUrl).host}`,
    dynamodbUrl: /DynamoDB\s+(http:\/\/\S+)/.exec(output)![1]!,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs the CLI to its end (a start that must fail): exit code and everything it printed. */
export async function runToExit(
  bin: string,
  scratch: string,
  fixture: string,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  const dir = join(scratch, 'projects', fixture);
  cpSync(fixtureProject(fixture), dir, { recursive: true });
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
