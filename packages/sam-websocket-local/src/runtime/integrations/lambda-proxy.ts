import type { LambdaProxyIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';

type ProxyResult = {
  statusCode?: number;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
} | null;

/** Lambda proxy (AWS_PROXY): the event goes to the function as it is, its result is the answer. */
export async function callLambdaProxy(
  integration: LambdaProxyIntegration,
  event: RouteEvent,
  { invoke, log }: IntegrationDeps,
): Promise<IntegrationResult> {
  const invocation = await invoke(integration.functionId, event);
  const { outcome } = invocation;
  const result = outcome.ok ? (outcome.result as ProxyResult) : null;
  const fields = {
    fn: integration.functionId,
    route: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
    status: outcome.ok ? (result?.statusCode ?? 200) : 'error',
    ms: Math.round(invocation.durationMs),
    cpuMs: invocation.cpuMs?.toFixed(1),
    cold: invocation.coldStart || undefined,
    requestId: invocation.requestId,
  };
  if (!outcome.ok) {
    log.error('invoke', { ...fields, errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage });
    return { ok: false };
  }
  log.info('invoke', fields);
  // A function that returns nothing (or no status) succeeded: API Gateway counts that as 200.
  return {
    ok: true,
    statusCode: result?.statusCode ?? 200,
    body: result?.body,
    isBase64Encoded: result?.isBase64Encoded,
    headers: result?.headers,
  };
}
