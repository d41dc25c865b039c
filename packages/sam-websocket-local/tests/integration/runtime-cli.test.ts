import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_COMMAND, startRuntimeProcess } from '../../src/runtime-process';
import { fixture } from '../support/paths';

/** The CLI's refusals: one line naming the flag or the cause, a non-zero exit, nothing left listening. */
const run = promisify(execFile);
const [node, ...nodeArgs] = CLI_COMMAND as [string, ...string[]];
const project = fixture('console-load');

const startQuiet = (args: string[]) =>
  startRuntimeProcess({
    cwd: project,
    args: ['--port', '0', '--host', '127.0.0.1', '--no-watch', '--log-level', 'WARN', ...args],
  });

describe('start with a problem it cannot serve around', () => {
  const start = (args: string[]) =>
    run(node, [...nodeArgs, 'start', '--port', '0', '--host', '127.0.0.1', '--no-watch', ...args], {
      cwd: project,
      timeout: 60_000,
    });

  it.each([
    [['--idle-timeout', 'abc'], /--idle-timeout must be a positive number, not "abc"/],
    [['--idle-timeout', '0'], /--idle-timeout must be a positive number, not "0"/],
    [['--throttle-burst', '5'], /--throttle-burst needs --throttle-rate/],
    [['--parameter-overrides', 'IndexShards'], /Could not read "IndexShards" in the parameter overrides/],
    [
      ['--crash-invocations', 'DefaultFunction:2'],
      /--crash-invocations DefaultFunction:2: write <FunctionLogicalId>:<count>:<afterMs>/,
    ],
    [['--async-time-scale', 'fast'], /--async-time-scale must be a positive number, not "fast"/],
    [['--warm-containers', 'ALWAYS'], /--warm-containers must be EAGER or LAZY, not "ALWAYS"/],
  ])('refuses the flags %j with one line naming the cause', async (args, message) => {
    await expect(start(args)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
  });

  it('names a --crash-invocations function the template does not have', async () => {
    await expect(start(['--crash-invocations', 'NoSuchFunction:1:10'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^--crash-invocations NoSuchFunction: no such function; the template has \w+/m),
    });
  });

  it('documents --crash-invocations in --help as a resilience-testing aid', async () => {
    const { stdout } = await run(node, [...nodeArgs, '--help'], { cwd: project });
    expect(stdout).toMatch(/--crash-invocations <FunctionLogicalId>:<count>:<afterMs>\s+resilience testing/);
    expect(stdout).toContain('--async-time-scale <factor>');
  });

  it('names a --dynamodb endpoint where nothing answers, in one line', async () => {
    await expect(start(['--dynamodb', 'http://127.0.0.1:9'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^--dynamodb http:\/\/127\.0\.0\.1:9: nothing answers there \(ECONNREFUSED\)/m),
    });
  });

  it('names a --data that is not a folder it can make, in one line', async () => {
    const file = join(tmpdir(), `data-is-a-file-${process.pid}`);
    writeFileSync(file, 'not a folder');
    try {
      await expect(start(['--data', file])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(new RegExp(`^--data ${file} is a file, not a folder`, 'm')),
      });
      await expect(start(['--data', join(file, 'inside')])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/runs through a file, not a folder/),
      });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('refuses a --data folder another runtime is using, naming it and the holder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'data-in-use-'));
    const first = await startQuiet(['--data', dataDir]);
    try {
      await expect(start(['--data', dataDir])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`--data ${dataDir} is in use by another runtime (pid ${first.child.pid})`),
      });
    } finally {
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Released when the first one stops: the folder serves again.
    const second = await startQuiet(['--data', dataDir]);
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
