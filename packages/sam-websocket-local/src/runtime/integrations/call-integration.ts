import type { RouteIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { callLambdaProxy } from './lambda-proxy';
import { callMock } from './mock';
import { callDynamoDb } from './aws-dynamodb';
import { callLambdaInvoke } from './lambda-invoke';
import { withinTimeout } from './integration-timeout';

export type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';

/**
 * Runs a route's integration, whatever its kind: the gateway's one way to a backend. Past the
 * integration's TimeoutInMillis the gateway stops waiting (the backend, a function, runs on to its own
 * Timeout, as on AWS) and the caller learns it timed out.
 */
export function callIntegration(
  integration: RouteIntegration,
  event: RouteEvent,
  deps: IntegrationDeps,
): Promise<IntegrationResult> {
  return withinTimeout(callBackend(integration, event, deps), integration.timeoutMs, () =>
    deps.log.error('integration', {
      route: event.requestContext.routeKey,
      connectionId: event.requestContext.connectionId,
      status: 'timeout',
      timeoutMs: integration.timeoutMs,
    }),
  );
}

function callBackend(
  integration: RouteIntegration,
  event: RouteEvent,
  deps: IntegrationDeps,
): Promise<IntegrationResult> {
  switch (integration.type) {
    case 'AWS_PROXY':
      return callLambdaProxy(integration, event, deps);
    case 'MOCK':
      return callMock(integration, event, deps);
    case 'AWS':
      return integration.service === 'lambda'
        ? callLambdaInvoke(integration, event, deps)
        : callDynamoDb(integration, event, deps);
  }
}
