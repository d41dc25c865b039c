import { TestClient } from '../support/ws-client';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';

// A runtime of its own: a short idle timeout would close the other suites' clients while they wait
// for each other on a busy machine. The timeout still leaves seconds for a reply's round trip.
const IDLE_TIMEOUT_MS = 4000;

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startRuntime({
    parameterOverrides: { AllowedOrigins: 'https://app.example.com' },
    limits: { idleTimeoutMs: IDLE_TIMEOUT_MS },
  });
}, 60_000);
afterAll(() => runtime.close());

const origin = { Origin: 'https://app.example.com' };

it('closes an idle connection with 1001 and runs $disconnect', async () => {
  const client = await TestClient.connect(runtime.webSocketUrl, origin);
  await client.request({ action: 'subscribe', topic: 'post:idle' });
  expect((await client.closed).code).toBe(1001);
  await eventually(async () => (await runtime.itemCount()) === 0);
});

it('does not count a connection idle while it keeps talking', async () => {
  const client = await TestClient.connect(runtime.webSocketUrl, origin);
  // Talking for one and a half timeouts, with pauses that leave a slow reply most of the timeout.
  const pause = IDLE_TIMEOUT_MS / 4;
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    expect(await client.request({ action: 'ping' })).toMatchObject({ type: 'pong' });
  }
  expect(client.socket.readyState).toBe(client.socket.OPEN);
  await client.close();
});
