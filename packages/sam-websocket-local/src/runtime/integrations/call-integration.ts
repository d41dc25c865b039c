import type { RouteIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { callLambdaProxy } from './lambda-proxy';
import { callMock } from './mock';
import { callDynamoDb } from './aws-dynamodb';
import { callLambdaInvoke } from './lambda-invoke';

export type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';

/** Runs a route's integration, whatever its kind: the gateway's one way to a backend. */
export function callIntegration(
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
