import { join } from 'node:path';
import { TestClient } from '../support/ws-client';
import { startRuntime, type TestRuntime } from '../support/runtime';

/** TimeoutInMillis, as API Gateway enforces it on WebSocket integrations (50 ms to 29 s). */
const fixture = join(__dirname, '..', 'fixtures', 'projects', 'integration-timeout');
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startRuntime({ template: fixture });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
});

const newest = () => [...runtime.gateway.connections.keys()].at(-1)!;

it('answers "Endpoint request timed out" past TimeoutInMillis, while the function runs on to its end', async () => {
  const client = await TestClient.connect(runtime.webSocketUrl);
  const connectionId = newest();
  // Warm the function first, so a cold start is not what the 200 ms measure.
  client.send({ action: 'prompt' });
  expect(await client.next()).toBe('prompt answer');
  client.send({ action: 'linger' });
  expect(await client.next()).toEqual({
    message: 'Endpoint request timed out',
    connectionId,
    requestId: expect.any(String),
  });
  expect(runtime.log.lines.some((line) => /route=linger .*status=timeout timeoutMs=200/.test(line))).toBe(true);
  expect(await client.next()).toBe('still ran to the end');
  client.send({ action: 'prompt' });
  expect(await client.next()).toBe('prompt answer');
  await client.close();
});
