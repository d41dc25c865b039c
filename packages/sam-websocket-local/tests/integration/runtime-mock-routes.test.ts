import { HandshakeRefused, TestClient } from '../support/ws-client';
import { runtimeOnFixture } from '../support/runtime';

/** A WebSocket API with MOCK integrations only, over real sockets: API Gateway answers by itself. */
const stack = runtimeOnFixture('mock-routes');

describe('MOCK integrations', () => {
  it('accept the handshake through a MOCK $connect, and run a MOCK $disconnect at the close', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    expect(stack.runtime.gateway.connections.size).toBeGreaterThan(0);
    await client.close();
    await stack.runtime.gateway.idle();
    expect(stack.runtime.log.lines.some((line) => /integration=MOCK route=\$disconnect .*status=200/.test(line))).toBe(
      true,
    );
  });

  it('answer a two-way route with the integration response written from the request context', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const connectionId = stack.newestConnection();
    expect(await client.request({ action: 'ping' })).toEqual({ type: 'pong', connectionId, route: 'ping' });
    await client.close();
  });

  it('choose the request template by the message and the integration response by the status it gives', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    expect(await client.request({ action: 'check', kind: 'known' })).toEqual({ type: 'checked', found: true });
    expect(await client.request({ action: 'check', kind: 'stranger' })).toEqual({ type: 'checked', found: false });
    await client.close();
  });

  it('send nothing back on a route without a route response', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    client.send({ action: 'fire' });
    // Messages of one connection are answered in order of arrival here; the pong comes after fire's turn.
    expect(await client.request({ action: 'ping' })).toMatchObject({ type: 'pong' });
    await stack.runtime.gateway.idle();
    expect(client.received).toEqual([]);
    await client.close();
  });

  it('answer "Internal server error" when no statusCode comes out of the template, and keep the connection', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const connectionId = stack.newestConnection();
    expect(await client.request({ action: 'broken' })).toEqual({
      message: 'Internal server error',
      connectionId,
      requestId: expect.any(String),
    });
    expect(stack.runtime.log.lines.some((line) => /statusCode should be an integer/.test(line))).toBe(true);
    expect(await client.request({ action: 'ping' })).toMatchObject({ type: 'pong', connectionId });
    await client.close();
  });

  it('leave a message no route takes answered "Forbidden", as without integrations', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    expect(await client.request({ action: 'nothing-here' })).toMatchObject({ message: 'Forbidden' });
    await client.close();
    await expect(TestClient.connect(`${stack.runtime.webSocketUrl}/elsewhere`)).rejects.toEqual(
      new HandshakeRefused(404),
    );
  });
});
