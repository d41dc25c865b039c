import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeProcess } from 'sam-websocket-local';
import { postJson, startRuntimeProcess } from '../support/runtime';
import { TestClient } from '../support/ws-client';

/** The runtime as a separate process keeping its store on disk, so it can be stopped and started again. */
const CLIENTS = 1000;
// The ghosts a crash leaves are young; without a grace period the first broadcast may remove them.
const NO_GRACE = ['--parameter-overrides', 'StaleConnectionGraceSeconds=0'];
let dataDir: string;
let runtime: RuntimeProcess | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
});
afterEach(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function connectMany(url: string): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  // 100 at a time keeps the test's own sockets and the runtime's instances busy but bounded.
  for (let i = 0; i < CLIENTS; i += 100)
    clients.push(...(await Promise.all(Array.from({ length: 100 }, () => TestClient.connect(url)))));
  return clients;
}

const broadcast = async (runtime: RuntimeProcess) =>
  (await postJson(runtime.httpUrl, '/development/broadcast', { type: 'after-restart' })).body;

describe('restarting the runtime with 1,000 clients connected', () => {
  it('after Ctrl-C: every connection got its $disconnect, nothing is left to deliver to', async () => {
    runtime = await startRuntimeProcess(['--data', dataDir, ...NO_GRACE]);
    const clients = await connectMany(runtime.webSocketUrl);
    await runtime.stop();
    await Promise.all(clients.map((client) => client.closed));

    runtime = await startRuntimeProcess(['--data', dataDir, ...NO_GRACE]);
    expect(await broadcast(runtime)).toMatchObject({ connectionCount: 0, delivered: 0 });
  }, 120_000);

  it('after a crash: no ghost counts as delivered; the first broadcast reports and removes them as stale', async () => {
    runtime = await startRuntimeProcess(['--data', dataDir, ...NO_GRACE]);
    const clients = await connectMany(runtime.webSocketUrl);
    process.kill(-runtime.child.pid!, 'SIGKILL');
    await Promise.all(clients.map((client) => client.closed));

    runtime = await startRuntimeProcess(['--data', dataDir, ...NO_GRACE]);
    expect(await broadcast(runtime)).toMatchObject({
      connectionCount: CLIENTS,
      delivered: 0,
      stale: CLIENTS,
      failed: 0,
    });
    expect(await broadcast(runtime)).toMatchObject({ connectionCount: 0 });
  }, 120_000);
});
