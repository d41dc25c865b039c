import { startRuntimeProcess as startProcess, type RuntimeProcess } from '../../src/runtime-process';
import { fixture } from '../support/paths';
import { eventually } from '../support/runtime';
import { TestClient } from '../support/ws-client';

/** What a user sees of the work: pretty log lines, and Lambda's timeout lifted under --debug. */
const consoleFixture = fixture('console-load');

describe('--log-format pretty', () => {
  let runtime: RuntimeProcess;
  const lines: string[] = [];
  beforeAll(async () => {
    runtime = await startProcess({
      cwd: consoleFixture,
      args: ['--port', '0', '--host', '127.0.0.1', '--no-watch', '--log-format', 'pretty'],
      onLine: (line) => lines.push(line),
    });
  });
  afterAll(() => runtime?.stop());

  it('prints one line per invocation with route, function, status and ms, the function’s lines indented under it', async () => {
    const client = await TestClient.connect(runtime.webSocketUrl);
    client.send({ action: 'hello', n: 1 });
    client.send({ action: 'fail' });
    // Two cold starts of a fixture's functions: slow on a machine busy with other suites.
    await eventually(() => lines.some((line) => line.includes('failed on purpose')), 110_000);
    await eventually(() => lines.some((line) => line.includes('echo got')), 110_000);
    const echo = lines.findIndex((line) => /\$default\s+EchoFunction\s+200\s+\d+ ms/.test(line));
    expect(echo).toBeGreaterThanOrEqual(0);
    expect(lines[echo + 1]).toBe('    echo got {"action":"hello","n":1}');
    const fail = lines.findIndex((line) => /✗ fail\s+FailFunction\s+error\s+\d+ ms/.test(line));
    expect(fail).toBeGreaterThanOrEqual(0);
    expect(lines.slice(fail + 1, fail + 3)).toEqual(['    Error: failed on purpose', '    about to fail']);
    // The functions' raw output does not also go out on its own.
    expect(lines.filter((line) => line.includes('about to fail'))).toHaveLength(1);
    await client.close();
  }, 240_000);

  it('times a function out as Lambda does (the next test lifts that with --debug)', async () => {
    const answer = await invokeSlow(runtime.httpUrl);
    expect(answer.error).toBe('Unhandled');
    expect(answer.body).toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('refuses a format it does not know, naming the flag', async () => {
    await expect(startProcess({ cwd: consoleFixture, args: ['--port', '0', '--log-format', 'fancy'] })).rejects.toThrow(
      '--log-format must be raw or pretty, not "fancy"',
    );
  });
});

/** SlowFunction (timeout 1 s, takes 1.5 s) through Lambda's Invoke API. */
async function invokeSlow(httpUrl: string): Promise<{ error: string | null; body: unknown }> {
  const response = await fetch(`${httpUrl}/2015-03-31/functions/SlowFunction/invocations`, {
    method: 'POST',
    body: '{}',
  });
  return { error: response.headers.get('x-amz-function-error'), body: await response.json() };
}

describe('--debug on a function slower than its timeout', () => {
  it('lets an invocation run past its timeout (a breakpoint must not kill it); its deadline is still the template’s', async () => {
    const runtime = await startProcess({
      cwd: consoleFixture,
      args: ['--port', '0', '--host', '127.0.0.1', '--no-watch', '--debug', '--debug-port', '0'],
    });
    try {
      const answer = await invokeSlow(runtime.httpUrl);
      expect(answer.error).toBeNull();
      const { remainingAtStart } = answer.body as { remainingAtStart: number };
      expect(remainingAtStart).toBeGreaterThan(0);
      expect(remainingAtStart).toBeLessThanOrEqual(1000);
    } finally {
      await runtime.stop();
    }
  });

  it('needs --debug for --debug-port', async () => {
    await expect(startProcess({ cwd: consoleFixture, args: ['--port', '0', '--debug-port', '9300'] })).rejects.toThrow(
      '--debug-port needs --debug',
    );
  });
});
