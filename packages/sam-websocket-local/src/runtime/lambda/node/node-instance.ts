import { Worker } from 'node:worker_threads';
import type { CodeLocation } from '../code-location';
import type { InstanceOptions } from '../instance-contract';
import { InstanceBase } from '../instance-base';
import type { FromInstance, NodeInstanceData, ToInstance } from '../protocol';
import { workerScript } from './worker-script';

/** A Node function in a worker thread of this process, with Lambda's environment and memory bound. */
export class NodeInstance extends InstanceBase {
  private readonly worker: Worker;

  constructor(options: InstanceOptions, location: Extract<CodeLocation, { language: 'node' }>) {
    super();
    const { env, memoryMb, output } = options;
    const data: NodeInstanceData = {
      entryBase: location.entryBase,
      handlerName: location.handlerName,
      modulePaths: location.modulePaths,
      redirect: options.redirect,
    };
    this.worker = new Worker(workerScript(), {
      workerData: data,
      env,
      // How a debugger lists the thread: by the function's name.
      name: env.AWS_LAMBDA_FUNCTION_NAME,
      execArgv: [],
      stdout: true,
      stderr: true,
      // Lambda's memory setting bounds the heap, so an out-of-memory handler fails here too.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
    });
    // Forwarded chunk by chunk: piping dozens of instances into one stream piles listeners on it.
    const forward = (chunk: Buffer) => output.write(chunk);
    this.worker.stdout.on('data', forward);
    this.worker.stderr.on('data', forward);
    this.worker.on('message', (message: FromInstance) => this.received(message));
    this.worker.on('error', (error) =>
      this.crashed({ errorType: 'Runtime.ExitError', errorMessage: error.message, stack: error.stack }),
    );
    this.worker.on('exit', (code) =>
      this.crashed({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` }),
    );
  }

  protected post(message: ToInstance): void {
    this.worker.postMessage(message);
  }

  /** Event-loop active time of the instance's thread: its CPU, or a little more under contention. */
  activeMs(): number {
    return this.dead ? 0 : this.worker.performance.eventLoopUtilization().active;
  }

  protected async kill(): Promise<void> {
    await this.worker.terminate();
  }
}
