import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../src/runtime/local-stack';
import { format, type LogFields, type RuntimeLog } from '../../src/runtime/log';

/** Runtime log lines, kept so a test can look at them (and print them when it fails). */
export class CollectingLog implements RuntimeLog {
  readonly lines: string[] = [];
  info = (message: string, fields?: LogFields) => void this.lines.push(format('info', message, fields));
  warn = (message: string, fields?: LogFields) => void this.lines.push(format('warn', message, fields));
  error = (message: string, fields?: LogFields) => void this.lines.push(format('error', message, fields));
}

export interface TestRuntime extends LocalStack {
  log: CollectingLog;
  /** A client of the runtime's embedded store. */
  dynamo: DynamoDBClient;
}

/** The real local runtime on a fixture project, on a free port, functions quiet, built into a private folder. */
export async function startRuntime(options: LocalStackOptions & { template: string }): Promise<TestRuntime> {
  const log = new CollectingLog();
  const buildDir = mkdtempSync(join(tmpdir(), 'runtime-build-'));
  const stack = await startLocalStack({
    host: '127.0.0.1',
    port: 0,
    watch: false,
    functionLogLevel: 'SILENT',
    buildDir,
    log,
    ...options,
  });
  const dynamo = new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    ...stack,
    log,
    dynamo,
    close: async () => {
      dynamo.destroy();
      await stack.close();
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

/**
 * The runtime on `tests/fixtures/projects/<project>`, started before the file's tests and closed
 * after them: `runtime` is there once they run.
 */
export function runtimeOnFixture(project: string) {
  const stack = {
    runtime: undefined as unknown as TestRuntime,
    /** The id of the connection that opened last. */
    newestConnection: () => [...stack.runtime.gateway.connections.keys()].at(-1)!,
  };
  beforeAll(async () => {
    stack.runtime = await startRuntime({ template: join(__dirname, '..', 'fixtures', 'projects', project) });
  }, 60_000);
  afterAll(() => stack.runtime?.close(), 60_000);
  return stack;
}

/** Waits until `check` holds, polling; for state that settles asynchronously (e.g. after $disconnect). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
