import { callLambdaProxy } from '../../src/runtime/integrations/lambda-proxy';
import type { Invocation } from '../../src/runtime/lambda/function-pool';
import type { RouteEvent } from '../../src/runtime/integrations/call-integration';

const event: RouteEvent = {
  requestContext: { routeKey: 'send', connectionId: 'c1', requestId: 'r1' },
  body: '{"action":"send"}',
};
const integration = { type: 'AWS_PROXY' as const, functionId: 'SendFunction', timeoutMs: 29_000 };

function deps(outcome: Invocation['outcome'], cpuMs?: number) {
  const calls: Array<[string, unknown]> = [];
  const logged: Array<[string, string, Record<string, unknown>]> = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    logged.push([level, message, fields ?? {}]);
  return {
    calls,
    logged,
    deps: {
      invoke: async (functionId: string, sent: unknown): Promise<Invocation> => {
        calls.push([functionId, sent]);
        return { requestId: 'inv-1', outcome, durationMs: 3, cpuMs, coldStart: false };
      },
      log: { info: record('info'), warn: record('warn'), error: record('error') },
    },
  };
}

describe('the Lambda proxy integration', () => {
  it('hands the event to its function unchanged and answers with its result', async () => {
    const { calls, deps: d } = deps({ ok: true, result: { statusCode: 201, body: 'hi', headers: { a: 'b' } } });
    await expect(callLambdaProxy(integration, event, d)).resolves.toEqual({
      ok: true,
      statusCode: 201,
      body: 'hi',
      isBase64Encoded: undefined,
      headers: { a: 'b' },
    });
    expect(calls).toEqual([['SendFunction', event]]);
  });

  it("logs the function thread's CPU time with the invocation, as REST routes and Invoke do", async () => {
    const { logged, deps: d } = deps({ ok: true, result: null }, 0.4567);
    await callLambdaProxy(integration, event, d);
    expect(logged).toEqual([
      ['info', 'invoke', expect.objectContaining({ fn: 'SendFunction', route: 'send', ms: 3, cpuMs: '0.5' })],
    ]);
  });

  it('counts a function that returns nothing as 200, as API Gateway does', async () => {
    const { deps: d } = deps({ ok: true, result: null });
    await expect(callLambdaProxy(integration, event, d)).resolves.toMatchObject({ ok: true, statusCode: 200 });
  });

  it('fails (and logs the error by name) when the function throws', async () => {
    const { logged, deps: d } = deps({
      ok: false,
      error: { errorType: 'TypeError', errorMessage: 'boom', trace: [] },
    } as unknown as Invocation['outcome']);
    await expect(callLambdaProxy(integration, event, d)).resolves.toEqual({ ok: false });
    expect(logged).toEqual([
      ['error', 'invoke', expect.objectContaining({ fn: 'SendFunction', route: 'send', errorType: 'TypeError' })],
    ]);
  });
});
