import { TestClient } from '../support/ws-client';
import { runtimeOnFixture } from '../support/runtime';

/**
 * AWS (non-proxy) integrations to Lambda, over real sockets: the request template is the function's
 * event, its result is mapped by the integration response; 'Event' invocations run asynchronously.
 */
const stack = runtimeOnFixture('lambda-invoke');

describe('Lambda (non-proxy) integrations', () => {
  it('give the function the event the request template writes, and answer with its result mapped', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const connectionId = stack.newestConnection();
    expect(await client.request({ action: 'count', items: ['a', 'b', 'c'] })).toEqual({
      total: 3,
      for: connectionId,
      via: 'count',
    });
    await client.close();
  });

  it("invoke asynchronously with X-Amz-Invocation-Type 'Event': nothing answers, the function posts back", async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    client.send({ action: 'remember', what: 'milk' });
    expect(await client.next()).toEqual({ remembered: 'milk', invokedAs: 'undefined' });
    expect(
      stack.runtime.log.lines.some((line) => /integration=lambda:Event route=remember .*status=202/.test(line)),
    ).toBe(true);
    await client.close();
  });

  it('answer "Internal server error" when the template renders no JSON, and keep serving', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const connectionId = stack.newestConnection();
    expect(await client.request({ action: 'garbled' })).toEqual({
      message: 'Internal server error',
      connectionId,
      requestId: expect.any(String),
    });
    expect(stack.runtime.log.lines.some((line) => /InvalidRequestContentException/.test(line))).toBe(true);
    expect(await client.request({ action: 'count', items: [] })).toMatchObject({ total: 0 });
    await client.close();
  });
});
