import type { IncomingMessage } from 'node:http';
import { requestUrl } from './request-url';
import type { ConnectAuthorizer } from '../../template/application';
import type { Invocation } from '../lambda/function-pool';
import { eventHeaders, queryParameters } from './headers';
import type { ApiContext, ConnectedClient } from './websocket-events';

/** What the authorizer decided: a refusal with API Gateway's status, or the context later routes see. */
export type AuthorizerDecision =
  { allowed: false; status: number; message: string } | { allowed: true; context: Record<string, unknown> };

interface Policy {
  principalId?: string;
  policyDocument?: { Statement?: Statement[] | Statement };
  context?: Record<string, unknown>;
}
interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

/**
 * A Lambda REQUEST authorizer on $connect, as API Gateway runs it: a request missing an identity
 * source is refused 401 without calling the function; "Unauthorized" thrown is 401, a policy that
 * does not allow execute-api:Invoke on the route is 403, anything else failing is 500.
 */
export async function authorizeConnect(
  authorizer: ConnectAuthorizer,
  api: ApiContext & { region: string; accountId: string },
  client: ConnectedClient,
  request: IncomingMessage,
  invoke: (functionId: string, event: unknown) => Promise<Invocation>,
): Promise<AuthorizerDecision> {
  const url = requestUrl(request);
  const missing = authorizer.identitySources.find((source) => identityValue(source, request, url) === undefined);
  if (missing) return { allowed: false, status: 401, message: 'Unauthorized' };
  const methodArn = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/$connect`;
  const event = {
    type: 'REQUEST',
    methodArn,
    ...eventHeaders(request),
    ...queryParameters(url),
    stageVariables: {},
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      stage: api.stage,
      connectionId: client.connectionId,
      connectedAt: client.connectedAt,
      apiId: api.apiId,
      domainName: api.domainName,
      identity: client.identity,
      requestTimeEpoch: Date.now(),
    },
  };
  const { outcome } = await invoke(authorizer.functionId, event);
  if (!outcome.ok) {
    return outcome.error.errorMessage === 'Unauthorized'
      ? { allowed: false, status: 401, message: 'Unauthorized' }
      : { allowed: false, status: 500, message: 'Internal server error' };
  }
  const policy = (outcome.result ?? {}) as Policy;
  if (!allows(policy, methodArn)) return { allowed: false, status: 403, message: 'Forbidden' };
  return { allowed: true, context: { ...policy.context, principalId: policy.principalId ?? null } };
}

/** route.request.header.X (case-insensitive) or route.request.querystring.Y. */
function identityValue(source: string, request: IncomingMessage, url: URL): string | undefined {
  const header = /^route\.request\.header\.(.+)$/i.exec(source);
  if (header) return request.headers[header[1]!.toLowerCase()] as string | undefined;
  const query = /^route\.request\.querystring\.(.+)$/i.exec(source);
  if (query) return url.searchParams.get(query[1]!) ?? undefined;
  return ''; // stage variables and context: present as far as this runtime knows
}

/** IAM's rule: an explicit Deny wins, else some Allow must match the action and the resource. */
function allows(policy: Policy, methodArn: string): boolean {
  const statements = [policy.policyDocument?.Statement ?? []].flat();
  const matching = statements.filter(
    (statement) => matches(statement.Action, 'execute-api:Invoke', 'i') && matches(statement.Resource, methodArn, ''),
  );
  if (matching.some((statement) => statement.Effect === 'Deny')) return false;
  return matching.some((statement) => statement.Effect === 'Allow');
}

/** IAM wildcards: `*` any run, `?` one character; actions ignore case, resources do not. */
function matches(patterns: string | string[] | undefined, value: string, flags: string): boolean {
  const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return [patterns ?? []]
    .flat()
    .some((pattern) => new RegExp(`^${escape(pattern).replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags).test(value));
}
