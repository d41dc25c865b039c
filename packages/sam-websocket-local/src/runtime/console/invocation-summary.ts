import type { Invocation } from '../lambda/function-pool';

/** What a line about an invocation says, read from its event and outcome (whoever invoked it). */
export interface InvocationSummary {
  routeKey?: string;
  connectionId?: string;
  /** A proxy result's statusCode, "ok" for any other result, "error" for a failure. */
  status: number | string;
  /** Set for a failure, or a proxy answer of 500 and over. */
  error?: string;
}

export function summarizeInvocation(event: unknown, invocation: Invocation): InvocationSummary {
  const { outcome } = invocation;
  const context = (event as { requestContext?: Record<string, unknown> } | null)?.requestContext;
  const statusCode = outcome.ok ? (outcome.result as { statusCode?: unknown } | null)?.statusCode : undefined;
  const status = outcome.ok ? (typeof statusCode === 'number' ? statusCode : 'ok') : 'error';
  return {
    routeKey: routeKeyOf(event),
    connectionId: typeof context?.connectionId === 'string' ? context.connectionId : undefined,
    status,
    error: outcome.ok
      ? typeof status === 'number' && status >= 500
        ? `answered ${status}`
        : undefined
      : `${outcome.error.errorType}: ${outcome.error.errorMessage}`,
  };
}

/** WebSocket and HTTP API events name their route; a REST event has its method and resource. */
function routeKeyOf(event: unknown): string | undefined {
  const value = event as { requestContext?: { routeKey?: unknown }; httpMethod?: unknown; resource?: unknown } | null;
  if (typeof value?.requestContext?.routeKey === 'string') return value.requestContext.routeKey;
  if (typeof value?.httpMethod === 'string' && typeof value.resource === 'string')
    return `${value.httpMethod} ${value.resource}`;
  return undefined;
}
