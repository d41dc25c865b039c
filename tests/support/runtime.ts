import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type LocalStack,
  type LocalStackOptions,
  type RuntimeLog,
  type RuntimeProcess,
  startLocalStack,
  startRuntimeProcess as startProcess,
} from 'sam-websocket-local';
import { format } from 'sam-websocket-local/internal';
import { projectRoot } from './template';

/** Runtime log lines, kept so a test can look at them (and print them when it fails). */
export class CollectingLog implements RuntimeLog {
  readonly lines: string[] = [];
  info = (message: string, fields?: Record<string, unknown>) =>
    void this.lines.push(format('info', message, fields as never));
  warn = (message: string, fields?: Record<string, unknown>) =>
    void this.lines.push(format('warn', message, fields as never));
  error = (message: string, fields?: Record<string, unknown>) =>
    void this.lines.push(format('error', message, fields as never));
}

export interface TestRuntime extends LocalStack {
  log: CollectingLog;
  itemCount(): Promise<number>;
  dynamo: DynamoDBClient;
}

/** The real local runtime on a free port, functions logging nothing, built into a private folder. */
export async function startRuntime(options: LocalStackOptions = {}): Promise<TestRuntime> {
  const log = new CollectingLog();
  const buildDir = mkdtempSync(join(tmpdir(), 'runtime-build-'));
  const stack = await startLocalStack({
    template: projectRoot,
    host: '127.0.0.1',
    port: 0,
    watch: false,
    functionLogLevel: 'SILENT',
    buildDir,
    log,
    ...options,
    // Quiet like the logs: the metric lines would fill the test output (tests/unit/metrics covers them).
    functionEnvironment: { POWERTOOLS_METRICS_DISABLED: 'true', ...options.functionEnvironment },
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
    itemCount: async () =>
      (await dynamo.send(new ScanCommand({ TableName: stack.tableNames[0], Select: 'COUNT' }))).Count ?? 0,
    close: async () => {
      dynamo.destroy();
      await stack.close();
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

/** This app's runtime in a process of its own (the package's launcher), on a free port, quiet. */
export function startRuntimeProcess(args: string[] = [], env?: NodeJS.ProcessEnv): Promise<RuntimeProcess> {
  return startProcess({
    cwd: projectRoot,
    args: ['--port', '0', '--host', '127.0.0.1', '--no-watch', '--log-level', 'WARN', ...args],
    env,
  });
}

/** A private copy of the project (sources, template; node_modules linked) that a test may edit. */
export function copyProject(): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'project-copy-'));
  for (const entry of ['template.yaml', 'functions', 'layers', 'parameters', 'events']) {
    cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Waits until `check` holds, polling; for state that settles asynchronously (e.g. after $disconnect). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** POSTs JSON to a REST route of a runtime at `httpUrl`, as a backend would; answers status and body. */
export async function postJson(
  httpUrl: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, number | string | boolean> }> {
  const response = await fetch(`${httpUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, number | string | boolean> };
}
