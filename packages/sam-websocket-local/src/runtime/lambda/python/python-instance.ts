import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import type { CodeLocation } from '../code-location';
import type { InstanceOptions } from '../instance-contract';
import { InstanceBase } from '../instance-base';
import type { FromInstance, ToInstance } from '../protocol';

/** The interpreter: SAM_WEBSOCKET_LOCAL_PYTHON, else python3 on the PATH (its boto3 is the one the function gets). */
export const PYTHON = process.env.SAM_WEBSOCKET_LOCAL_PYTHON ?? 'python3';

/** A Python function in a process of its own, driven by a bootstrap that plays Lambda's Python runtime. */
export class PythonInstance extends InstanceBase {
  private readonly child: ChildProcess;
  private readonly channel: Duplex;
  private busySince = 0;
  private busyMs = 0;

  constructor(options: InstanceOptions, location: Extract<CodeLocation, { language: 'python' }>) {
    super();
    const args = [
      join(__dirname, 'python_bootstrap.py'),
      location.codeDir,
      location.module,
      location.handlerName,
      JSON.stringify(location.modulePaths),
      options.redirect.runtime,
      options.redirect.dynamodb,
    ];
    this.child = spawn(PYTHON, ['-u', ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        ...options.env,
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.channel = this.child.stdio[3] as Duplex;
    this.channel.on('error', () => undefined); // a dead process: its exit reports it
    this.child.stdout!.on('data', (chunk: Buffer) => options.output.write(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => options.output.write(chunk));
    createInterface({ input: this.channel }).on('line', (line) => {
      const message = JSON.parse(line) as FromInstance;
      if (message.type === 'result' || message.type === 'error') this.busyMs += Date.now() - this.busySince;
      this.received(message);
    });
    this.child.on('error', (error) =>
      this.crashed({ errorType: 'Runtime.ExitError', errorMessage: `Cannot start ${PYTHON}: ${error.message}` }),
    );
    this.child.on('exit', (code, signal) =>
      this.crashed({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with ${signal ?? `code ${code}`}` }),
    );
  }

  protected post(message: ToInstance): void {
    this.busySince = Date.now();
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** Wall-clock time spent in invocations (the process's CPU is not visible from here). */
  activeMs(): number {
    return this.busyMs;
  }

  protected async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
