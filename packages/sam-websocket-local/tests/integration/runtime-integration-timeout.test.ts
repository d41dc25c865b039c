import { TestClient } from '../support/ws-client';
import { runtimeOnFixture } from '../support/runtime';

/** TimeoutInMillis, as API Gateway enforces it on WebSocket integrations (50 ms to 29 s). */
const stack = runtimeOnFixture('integration-timeout');

it('answers "Endpoint request timed out" past TimeoutInMillis, while the function runs on to its end', async () => {
  const client = await TestClient.connect(stack.runtime.webSocketUrl);
  const connectionId = stack.newestConnection();
  // Warm the function first, so a cold start is not what the 200 ms measure.
  client.send({ action: 'prompt' });
  expect(await client.next()).toBe('prompt answer');
  client.send({ action: 'linger' });
  expect(await client.next()).toEqual({
    message: 'Endpoint request timed out',
    connectionId,
    requestId: expect.any(String),
  });
  expect(stack.runtime.log.lines.some((line) => /route=linger .*status=timeout timeoutMs=200/.test(line))).toBe(true);
  expect(await client.next()).toBe('still ran to the end');
  client.send({ action: 'prompt' });
  expect(await client.next()).toBe('prompt answer');
  await client.close();
});
