import type { IncomingMessage } from 'node:http';
import { FUNCTION_CREDENTIALS, LOCAL_ACCOUNT_ID, localApiId } from '../resource-values';
import type { Application } from '../template/application';
import type { IntrinsicResolver } from '../template/intrinsics';
import { compileHttpRoute, type HttpApiRoutes, type HttpRoute } from './gateway/http-api';
import type { RestApiRoutes } from './gateway/rest-api';
import { compileRoute, type RestRoute } from './gateway/rest-routes';
import type { BrowserGuard } from './gateway/browser-guard';
import { type CredentialScope, type LocalCredentials, verifySigV4 } from './gateway/sigv4-verifier';

/** How routes check their callers: SigV4 in strict mode (scoped to this region), and the browser guard. */
export interface AccessChecks {
  strictAuth?: LocalCredentials;
  region: string;
  guard?: BrowserGuard;
}

const executeApi = (region: string): CredentialScope => ({ region, service: 'execute-api' });
import type { RuntimeLog } from './log';

/** The template's REST and HTTP API routes as the router serves them, with their IAM checks in strict mode. */
export function restApiRoutes(
  app: Application,
  resolver: IntrinsicResolver,
  domainName: string,
  invoke: RestApiRoutes['invoke'],
  log: RuntimeLog,
  checks: AccessChecks,
): RestApiRoutes {
  const routes: RestRoute[] = app.restEvents.map((event) => {
    const restApi = event.restApiId ? app.template.Resources[event.restApiId] : undefined;
    const restStage = restApi ? String(resolver.resolve(restApi.Properties?.StageName)) : 'Prod';
    return compileRoute(event, restStage, localApiId(event.restApiId ?? 'ServerlessRestApi'));
  });
  return {
    routes,
    domainName,
    accountId: LOCAL_ACCOUNT_ID,
    invoke,
    log,
    authorize: restCheck(checks),
  };
}

/**
 * REST routes with ApiKeyRequired take no request without an x-api-key (which key is valid lives in
 * usage plans the runtime cannot know, so any key passes); then the IAM check of strict mode.
 */
function restCheck(checks: AccessChecks) {
  const iam = iamCheck(checks);
  return async (route: RestRoute, request: IncomingMessage, body: Buffer) => {
    if (route.event.apiKeyRequired && !request.headers['x-api-key']) return 'Forbidden';
    return iam(route, request, body);
  };
}

/**
 * Routes whose template auth is AWS_IAM are for programs, never for web pages: a cross-site browser
 * request is refused. In strict mode they take only requests signed with the given credentials.
 */
function iamCheck({ strictAuth, region, guard }: AccessChecks) {
  return async (route: { event: { authorizer: string } }, request: IncomingMessage, body: Buffer) => {
    if (route.event.authorizer !== 'AWS_IAM') return undefined;
    const crossSite = guard?.crossSiteRefusal(request, 'AWS_IAM routes');
    if (crossSite) return crossSite;
    return strictAuth ? verifySigV4(request, body, strictAuth, executeApi(region)) : undefined;
  };
}

export function httpApiRoutes(
  app: Application,
  resolver: IntrinsicResolver,
  domainName: string,
  invoke: HttpApiRoutes['invoke'],
  log: RuntimeLog,
  checks: AccessChecks,
): HttpApiRoutes {
  return {
    routes: httpRoutes(app, resolver),
    domainName,
    accountId: LOCAL_ACCOUNT_ID,
    invoke,
    log,
    authorize: iamCheck(checks),
  };
}

/** Every REST and HTTP route as `METHOD url`, for the banner and the ready line. */
export function routeUrls(httpUrl: string, rest: RestApiRoutes, http: HttpApiRoutes): string[] {
  return [
    ...rest.routes.map((route) => `${route.event.method} ${httpUrl}/${route.stage}${route.event.path}`),
    ...http.routes.map(
      (route) =>
        `${route.event.method} ${httpUrl}${route.stage === '$default' ? '' : `/${route.stage}`}${route.event.path === '$default' ? '/*' : route.event.path}`,
    ),
  ];
}

/** HTTP API routes, each on its API's stage (SAM's default for an HttpApi: $default, served without a prefix). */
function httpRoutes(app: Application, resolver: IntrinsicResolver): HttpRoute[] {
  return app.httpEvents.map((event) => {
    const stageName = event.stageName ?? app.template.Resources[event.apiId]?.Properties?.StageName;
    return compileHttpRoute(
      event,
      stageName === undefined ? '$default' : String(resolver.resolve(stageName)),
      localApiId(event.apiId),
    );
  });
}

/**
 * In strict mode @connections calls must be signed too: by the shell's credentials, or by the
 * functions' own (the local keys the runtime gives them, as Lambda gives each its role's).
 */
export function connectionsSigner(strictAuth: LocalCredentials | undefined, region: string) {
  return strictAuth
    ? (request: IncomingMessage, body: Buffer) =>
        verifySigV4(request, body, [strictAuth, FUNCTION_CREDENTIALS], executeApi(region))
    : undefined;
}

/** In strict mode Lambda's Invoke API takes only calls signed for Lambda in this region: the shell's or the functions' keys. */
export function invokeSigner(strictAuth: LocalCredentials | undefined, region: string) {
  return strictAuth
    ? (request: IncomingMessage, body: Buffer) =>
        verifySigV4(request, body, [strictAuth, FUNCTION_CREDENTIALS], { region, service: 'lambda' })
    : undefined;
}

export const routeMap = (routes: RestRoute[]) =>
  Object.fromEntries(
    routes.map((route) => [`${route.event.method} ${route.event.path}`, `/${route.stage}${route.event.path}`]),
  );
