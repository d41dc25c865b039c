import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_COMMAND, functionForEvent, readApplication } from 'sam-websocket-local/internal';
import { TestClient } from '../support/ws-client';
import { loadTemplate, projectRoot } from '../support/template';

const run = promisify(execFile);
const [node, ...nodeArgs] = CLI_COMMAND as [string, ...string[]];
const app = readApplication(loadTemplate());

describe('npm run invoke', () => {
  const files = readdirSync(join(projectRoot, 'events')).filter((file) => file.endsWith('.json'));

  it.each(files)(
    'runs %s through the function the template routes it to',
    async (file) => {
      const event = JSON.parse(readFileSync(join(projectRoot, 'events', file), 'utf8')) as Record<string, unknown>;
      const functionId = functionForEvent(app, event)!;

      const { stdout, stderr } = await run(node, [...nodeArgs, 'invoke', functionId, join('events', file)], {
        cwd: projectRoot,
        timeout: 60_000,
      });

      const result = JSON.parse(stdout) as { statusCode: number; body?: string };
      expect(result.statusCode).toBeGreaterThanOrEqual(200);
      expect(result.statusCode).toBeLessThan(500);
      expect(stderr).toMatch(/REPORT RequestId: \S+ Duration: [\d.]+ ms/);
    },
    60_000,
  );

  it('takes the event as sam local invoke does: -e <file>, or -e - for stdin', async () => {
    const { stdout } = await run(node, [...nodeArgs, 'invoke', 'DefaultFunction', '-e', 'events/ping.json'], {
      cwd: projectRoot,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200 });
    const piped = spawn(node, [...nodeArgs, 'invoke', 'DefaultFunction', '-e', '-'], { cwd: projectRoot });
    let output = '';
    piped.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    piped.stdin.end(readFileSync(join(projectRoot, 'events', 'ping.json')));
    expect(await new Promise((resolve) => piped.once('exit', resolve))).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ statusCode: 200, body: expect.stringContaining('"pong"') });
    await expect(run(node, [...nodeArgs, 'invoke'], { cwd: projectRoot, timeout: 60_000 })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/invoke needs a function: the template has \w+/),
    });
  }, 60_000);

  it('says which functions exist when asked for one that does not', async () => {
    await expect(
      run(node, [...nodeArgs, 'invoke', 'NoSuchFunction', 'events/ping.json'], { cwd: projectRoot }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('No function NoSuchFunction'),
    });
  }, 60_000);
});

describe('npm start', () => {
  let child: ChildProcess;
  let output = '';

  afterEach(() => child?.kill('SIGKILL'));

  it('serves the stack, then closes connections with 1001 on Ctrl-C and exits', async () => {
    child = spawn(node, [...nodeArgs, 'start', '--port', '0', '--host', '127.0.0.1', '--no-watch'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /WebSocket\s+(ws:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const client = await TestClient.connect(url);
    expect(await client.request({ action: 'ping' })).toMatchObject({ type: 'pong' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');

    expect((await client.closed).code).toBe(1001);
    expect(await exited).toBe(0);
    expect(output).toMatch(/invoke fn=DisconnectFunction route=\$disconnect .*status=200/);
  }, 60_000);
});

describe("npm start with parameters the app's template refuses", () => {
  const start = (args: string[]) =>
    run(node, [...nodeArgs, 'start', '--port', '0', '--host', '127.0.0.1', '--no-watch', ...args], {
      cwd: projectRoot,
      timeout: 60_000,
    });

  it.each([
    ['IndexShards=100000', /^Parameter 'IndexShards' must be a number not greater than \d+ \(given "100000"\)$/m],
    ['FanoutSplitThreshold=abc', /^Parameter 'FanoutSplitThreshold' must be a number \(given "abc"\)$/m],
    ['MaxSubscriptionsPerConnection=0', /^Parameter 'MaxSubscriptionsPerConnection' must be a number not less than/m],
  ])('refuses --parameter-overrides %s as CloudFormation would, in one line naming it', async (override, message) => {
    await expect(start(['--parameter-overrides', override])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(message),
    });
  });

  it("exits non-zero, port closed, when the template's Rules refuse the parameters", async () => {
    const failure = start(['--env', 'prod']);
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/OriginsOutsideDevelopment: AllowedOrigins must name/),
    });
  });
});
