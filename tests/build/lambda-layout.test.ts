import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { buildAll } from 'sam-websocket-local/internal';
import { functionEnvironment } from 'sam-websocket-local/internal';
import { functionForEvent, readApplication } from 'sam-websocket-local/internal';
import { readTemplate } from 'sam-websocket-local/internal';
import { type TestStore, startTestStore } from '../support/local-stack';
import { projectRoot } from '../support/template';

const run = promisify(execFile);

// Runs a handler the way Lambda's Node runtime does: require the bundle from the task root, call it once.
const RUNNER = `
const event = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const { handler } = require(process.cwd() + '/index.js');
const context = { awsRequestId: 'local', getRemainingTimeInMillis: () => 10000, functionName: 'f' };
Promise.resolve(handler(event, context)).then((result) => process.stdout.write('\\nRESULT ' + JSON.stringify(result)));
`;

let store: TestStore;
let work: string;
const buildDir = () => join(work, 'build');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lambda-layout-'));
  store = await startTestStore(1); // port 1: nothing listens, so @connections sends fail fast
  await buildAll({ root: projectRoot, buildDir: buildDir() }, store.app);
}, 60_000);

afterAll(async () => {
  await store?.dynamo.close();
  store?.client.destroy();
  rmSync(work, { recursive: true, force: true });
});

/** Bundle alone in /var/task-like folder, the layer alone in an /opt-like folder, no source tree anywhere. */
function lambdaLayout(functionId: string): { task: string; env: Record<string, string> } {
  const task = join(work, 'lambda', functionId, 'task');
  const opt = join(work, 'lambda', functionId, 'opt');
  cpSync(join(buildDir(), functionId), task, { recursive: true });
  cpSync(join(buildDir(), 'SharedLayer'), opt, { recursive: true });
  const fn = store.app.functions.get(functionId)!;
  const env = {
    ...functionEnvironment(store.app, fn, store.resolver, store.deployment),
    PATH: process.env.PATH!,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    NODE_PATH: join(opt, 'nodejs', 'node_modules'),
  };
  return { task, env };
}

/** Runs the function once on an event of events/, in the Lambda-like layout. */
async function invokeInLambdaLayout(
  functionId: string,
  eventFile: string,
): Promise<{ statusCode: number; body?: string }> {
  const { task, env } = lambdaLayout(functionId);
  const { stdout } = await run(process.execPath, ['-e', RUNNER, join(projectRoot, 'events', eventFile)], {
    cwd: task,
    env,
    timeout: 20_000,
  });
  // The function's own output (its EMF metric lines) comes first; the result is the marked last line.
  return JSON.parse(stdout.slice(stdout.lastIndexOf('\nRESULT ') + 8)) as { statusCode: number; body?: string };
}

/** The layer entries a fresh Node process has loaded once it has required the function's bundle. */
async function entriesLoadedBy(functionId: string): Promise<string[]> {
  const { task, env } = lambdaLayout(functionId);
  const list = `require(process.cwd() + '/index.js');
    const entries = Object.keys(require.cache).map((file) => /@comments-websocket[\\/]shared[\\/](\\w+)[\\/]/.exec(file)?.[1]);
    process.stdout.write(JSON.stringify([...new Set(entries.filter(Boolean))].sort()));`;
  const { stdout } = await run(process.execPath, ['-e', list], { cwd: task, env, timeout: 20_000 });
  return JSON.parse(stdout) as string[];
}

describe('what `sam deploy` picks up after `npm run build`', () => {
  it('is the built template, whose every CodeUri and ContentUri is a built folder, never the source tree', () => {
    const built = readTemplate(join(buildDir(), 'template.yaml'));
    const app = readApplication(built);
    expect(app.functions.size).toBe(store.app.functions.size);
    for (const fn of app.functions.values()) {
      expect(fn.codeUri).toBe(fn.logicalId);
      const [file] = fn.handler.split('.');
      expect(existsSync(join(buildDir(), fn.codeUri, `${file}.js`))).toBe(true);
      expect(readdirSync(join(buildDir(), fn.codeUri))).not.toContain('node_modules');
    }
    for (const layer of app.layers.values()) {
      expect(layer.contentUri).toBe(layer.logicalId);
      expect(
        existsSync(
          join(
            buildDir(),
            layer.contentUri,
            'nodejs',
            'node_modules',
            '@comments-websocket',
            'shared',
            'core',
            'index.js',
          ),
        ),
      ).toBe(true);
    }
    expect(built.Globals?.Function).not.toHaveProperty('CodeUri');
  });
});

describe('built bundles in a Lambda-like layout', () => {
  it('are small: each function bundle is under 10 KB because the shared code is in the layer, one folder per entry', () => {
    for (const functionId of store.app.functions.keys()) {
      expect(statSync(join(buildDir(), functionId, 'index.js')).size).toBeLessThan(10 * 1024);
    }
    // Every folder of the layer's source is an entry, built to a folder of its own.
    const sources = readdirSync(join(projectRoot, 'layers', 'shared', 'src'), { withFileTypes: true });
    const entries = sources.filter((source) => source.isDirectory()).map((source) => source.name);
    expect(entries).toContain('subscriptions');
    const built = join(buildDir(), 'SharedLayer', 'nodejs', 'node_modules', '@comments-websocket', 'shared');
    expect(readdirSync(built).sort()).toEqual([...entries, 'package.json'].sort());
    for (const entry of entries) expect(statSync(join(built, entry, 'index.js')).isFile()).toBe(true);
  });

  // What each function's cold start loads, by the layer entry (a folder: one bundle). zod is in
  // `messages`, in `subscriptions` (the two subscription messages only) and, the request schemas
  // only, in `broadcast`; undici's pool in `pool`, which a sender (the Broadcast function's, a fan-out
  // worker's) loads after its first 200 posts.
  it.each([
    ['ConnectFunction', ['auth', 'core', 'store']],
    ['DisconnectFunction', ['core', 'store']],
    ['DefaultFunction', ['core']],
    ['SubscribeFunction', ['core', 'store', 'subscriptions']],
    ['UnsubscribeFunction', ['core', 'store', 'subscriptions']],
    ['BroadcastFunction', ['broadcast', 'core', 'fanout', 'store']],
    ['FanoutWorkerFunction', ['core', 'fanout', 'invoke', 'store']],
    ['BroadcastStatusFunction', ['core', 'invoke', 'store']],
  ])('%s loads only the layer entries %j at a cold start', async (functionId, entries) => {
    expect(await entriesLoadedBy(functionId)).toEqual(entries);
  });

  // The layer's build defers undici's HTTP/2 half and leaves its WebAssembly parser in files beside
  // the pool (layers/shared/build-layer.mjs): node:http2 was ~2–3 ms of the pool's load, reading and
  // parsing both parsers ~1.5 ms.
  it('loads undici’s pool without node:http2 or its parser, and the pool still posts over HTTP/1.1', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(`${request.method} ${request.url} ${body}`);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { env, task } = lambdaLayout('FanoutWorkerFunction');
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const script = `const { Pool, exchange } = require('@comments-websocket/shared/pool');
        const http2Loaded = () => process.moduleLoadList.includes('NativeModule http2');
        const parsers = () => Object.keys(require.cache).filter((file) => /llhttp.*-wasm\\.js$/.test(file)).map((file) => require('path').relative(require('path').dirname(require.resolve('@comments-websocket/shared/pool')), file));
        const atLoad = http2Loaded();
        const parsersAtLoad = parsers();
        const pool = new Pool(${JSON.stringify(origin)}, { connections: 1 });
        exchange(pool, { path: '/@connections/abc', method: 'POST', body: 'hello' }).then(async ({ status }) => {
          await pool.destroy();
          const afterPost = http2Loaded();
          require('node:http2');
          // The check itself sees http2 once it is loaded, or the two above would say nothing.
          process.stdout.write(JSON.stringify({ atLoad, status, afterPost, seen: http2Loaded(), parsersAtLoad, parsersAfterPost: parsers() }));
        });`;
      const { stdout } = await run(process.execPath, ['-e', script], { cwd: task, env, timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({
        atLoad: false,
        status: 200,
        afterPost: false,
        seen: true,
        parsersAtLoad: [],
        // The SIMD parser, read from its file beside the pool's entry when the first connection opened.
        parsersAfterPost: ['llhttp_simd-wasm.js'],
      });
      expect(received).toEqual(['POST /@connections/abc hello']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // The order is a connection's life: connect, talk, get a broadcast, leave.
  it.each([
    ['connect.json', 200],
    ['subscribe.json', 200],
    ['ping.json', 200],
    ['unknown-action.json', 400],
    ['broadcast-comments.json', 200],
    ['broadcast.json', 200],
    ['unsubscribe.json', 200],
    ['disconnect.json', 200],
  ])(
    '%s runs in the function the template routes it to and answers %i',
    async (eventFile, status) => {
      const event = JSON.parse(readFileSync(join(projectRoot, 'events', eventFile), 'utf8')) as Record<string, unknown>;
      const functionId = functionForEvent(store.app, event);
      expect(functionId).toBeDefined();

      const result = await invokeInLambdaLayout(functionId!, eventFile);

      expect(result.statusCode).toBe(status);
      if (eventFile.startsWith('broadcast')) {
        // The recipient exists in the table but nothing serves @connections here: counted, not thrown.
        expect(JSON.parse(result.body!)).toMatchObject({ connectionCount: 1, failed: 1, delivered: 0 });
      }
    },
    30_000,
  );

  it('leaves nothing in the table once the connection is gone', async () => {
    const { Count } = await store.client.send(new ScanCommand({ TableName: 'ConnectionsTable', Select: 'COUNT' }));
    expect(Count).toBe(0);
  });
});
