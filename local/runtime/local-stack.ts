import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type BuildLayout, buildAll, buildIfStale, defaultLayout } from '../build/build';
import { FUNCTION_CREDENTIALS, createResolver, type LocalFacts, localApiId } from '../environment';
import { projectRoot } from '../paths';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../store/embedded-dynamodb';
import { ensureTables } from '../store/tables';
import { type Application, readApplication } from '../template/application';
import { readTemplate } from '../template/cfn-yaml';
import { parameterValues } from '../template/intrinsics';
import { ruleViolations } from '../template/rules';
import { handleConnectionsApi } from './gateway/connections-api';
import { DevPage } from './dev-page';
import { sendJson } from './gateway/http-io';
import { AccountThrottle, type ThrottleSettings } from './gateway/account-throttle';
import { AWS_LIMITS, type GatewayLimits } from './gateway/limits';
import { handleRest, type RestDispatch } from './gateway/rest-api';
import { compileRoute, type RestRoute } from './gateway/rest-routes';
import { type LocalCredentials, verifySigV4 } from './gateway/sigv4-verifier';
import { WebSocketGateway } from './gateway/websocket-gateway';
import type { Invocation } from './lambda/function-pool';
import { FunctionPools } from './lambda/function-pools';
import { handleInvokeApi, INVOKE_PATH, type InvokeApiOptions } from './lambda/invoke-api';
import { consoleLog, type RuntimeLog } from './log';
import { readParametersFile } from './parameters-file';
import { sourceFolders, watchSources } from './watch';

export interface LocalStackOptions {
  root?: string;
  /** parameters/<env>.json supplies the template's parameter values. */
  env?: string;
  parameterOverrides?: Record<string, string>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** An external DynamoDB-compatible endpoint (DynamoDB Local, LocalStack) instead of the embedded one. */
  dynamodbEndpoint?: string;
  /** Keep the embedded store's data on disk here, across restarts. */
  dataDir?: string;
  limits?: Partial<GatewayLimits>;
  build?: boolean;
  buildDir?: string;
  watch?: boolean;
  maxInstancesPerFunction?: number;
  /** Retire a function instance idle this long (default 60 s; Lambda keeps idle environments for minutes). */
  instanceIdleMs?: number;
  /** Overrides the functions' POWERTOOLS_LOG_LEVEL (e.g. SILENT in tests). */
  functionLogLevel?: string;
  /** Where functions' own log lines go (default: this process's stdout). */
  functionOutput?: NodeJS.WritableStream;
  /** Extra variables for every function, after the template's. */
  functionEnvironment?: Record<string, string>;
  log?: RuntimeLog;
  region?: string;
  /** Verify SigV4 on REST routes whose template auth is AWS_IAM, against these credentials. */
  strictAuth?: LocalCredentials;
  /** API Gateway's account throttle over @connections and REST calls; none when undefined. */
  throttle?: ThrottleSettings;
}

export interface LocalStack {
  app: Application;
  port: number;
  /** http://host:port */
  httpUrl: string;
  /** ws://host:port/<stage> */
  webSocketUrl: string;
  stage: string;
  /** http://host:port/<stage>, the @connections endpoint for the AWS SDK. */
  managementEndpoint: string;
  restUrls: string[];
  dynamodbEndpoint: string;
  tableNames: string[];
  gateway: WebSocketGateway;
  invoke(functionId: string, event: unknown): Promise<Invocation>;
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

const STACK_NAME = 'local';

/** `decodeURIComponent`, or undefined for a malformed escape (API Gateway answers those 400). */
const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};
const ACCOUNT_ID = '000000000000';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const root = options.root ?? projectRoot;
  const log = options.log ?? consoleLog();
  const app = readApplication(readTemplate(join(root, 'template.yaml')));
  const parameters = parameterValues(app.template, { ...readParametersFile(root, options.env ?? 'dev'), ...options.parameterOverrides });
  const limits = { ...AWS_LIMITS, ...options.limits };
  const host = options.host ?? 'localhost';
  const layout: BuildLayout = options.buildDir ? { root, buildDir: options.buildDir } : defaultLayout(root);

  let dispatchRequest: (request: IncomingMessage, response: ServerResponse) => Promise<void> = async (_request, response) =>
    sendJson(response, 503, { message: 'Starting' });
  let dispatchUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void = (_request, socket) => socket.destroy();
  const makeServer = () => {
    const server = createServer((request, response) => {
      dispatchRequest(request, response).catch((error: unknown) => {
        // The path only: a query string may carry a token.
        log.error('request failed', { path: (request.url ?? '').split('?')[0], error: error instanceof Error ? error.message : String(error) });
        if (!response.headersSent) sendJson(response, 500, { message: 'Internal server error' });
        else response.destroy();
      });
    });
    server.on('upgrade', (request, socket, head) => dispatchUpgrade(request, socket, head));
    server.keepAliveTimeout = 65_000;
    return server;
  };
  const listen = (server: Server, port: number, address: string) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => resolve());
    });
  // "localhost" may resolve to 127.0.0.1 or ::1 depending on the client; serve both.
  const addresses = host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
  const servers = [makeServer()];
  await listen(servers[0]!, options.port ?? 3001, addresses[0]!);
  const port = (servers[0]!.address() as AddressInfo).port;
  for (const address of addresses.slice(1)) {
    const extra = makeServer();
    await listen(extra, port, address).then(
      () => servers.push(extra),
      () => undefined, // no IPv6 loopback here
    );
  }

  let embedded: EmbeddedDynamoDb | undefined;
  const closeServers = () =>
    Promise.all(
      servers.map((server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
  // The port is open from the start (so the first client gets "Starting", not a refusal); a
  // failure after that must close it again, or the process would answer 503 forever.
  const finishStarting = async (): Promise<LocalStack> => {
    const dynamodbEndpoint = options.dynamodbEndpoint ?? (embedded = await startEmbeddedDynamoDb({ path: options.dataDir })).endpoint;
    const region = options.region ?? 'us-east-1';
    const facts: LocalFacts = { host, port, region, accountId: ACCOUNT_ID, stackName: STACK_NAME, dynamodbEndpoint };
    const resolver = createResolver(app, parameters, facts);
    const violations = ruleViolations(app.template, resolver);
    if (violations.length > 0) throw new Error(`The template's Rules refuse these parameters:\n  ${violations.join('\n  ')}`);

    const storeClient = new DynamoDBClient({ endpoint: dynamodbEndpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const [tableNames] = await Promise.all([ensureTables(storeClient, app, resolver), options.build === false ? undefined : buildIfStale(layout, app, [join(root, 'template.yaml'), ...sourceFolders(app, root)])]);
    storeClient.destroy();

    const pools = new FunctionPools({
      app,
      resolver,
      facts,
      buildDir: layout.buildDir,
      maxInstancesPerFunction: options.maxInstancesPerFunction ?? 8,
      idleRetireMs: options.instanceIdleMs ?? 60_000,
      extraEnvironment: { ...(options.functionLogLevel ? { POWERTOOLS_LOG_LEVEL: options.functionLogLevel } : {}), ...options.functionEnvironment },
      output: options.functionOutput ?? process.stdout,
    });
    const invoke = pools.invoke;
    const asyncInvocations = new Set<Promise<unknown>>();
    const invokeApi: InvokeApiOptions = {
      resolve: (name) => pools.resolve(name),
      invoke,
      log,
      track: (work) => {
        asyncInvocations.add(work);
        void work.finally(() => asyncInvocations.delete(work));
      },
    };

    const api = app.webSocketApis[0];
    if (!api) throw new Error('template.yaml declares no WebSocket API');
    const stage = String(resolver.resolve(api.stageName ?? '$default'));
    const domainName = `${host}:${port}`;
    const gateway = new WebSocketGateway({ api, context: { apiId: localApiId(api.logicalId), stage, domainName }, limits, invoke, log });

    const restRoutes: RestRoute[] = app.restEvents.map((event) => {
      const restApi = event.restApiId ? app.template.Resources[event.restApiId] : undefined;
      const restStage = restApi ? String(resolver.resolve(restApi.Properties?.StageName)) : 'Prod';
      return compileRoute(event, restStage, localApiId(event.restApiId ?? 'ServerlessRestApi'));
    });
    const strictAuth = options.strictAuth;
    // In strict mode @connections calls must be signed too: by the shell's credentials, or by the
    // functions' own (the local keys the runtime gives them, as Lambda gives each its role's).
    const signedByKnownKey = strictAuth
      ? (request: IncomingMessage, body: Buffer) => verifySigV4(request, body, [strictAuth, FUNCTION_CREDENTIALS])
      : undefined;
    const rest: RestDispatch = {
      routes: restRoutes,
      domainName,
      accountId: ACCOUNT_ID,
      invoke,
      log,
      authorize: strictAuth
        ? async (route, request, body) => (route.event.authorizer === 'AWS_IAM' ? verifySigV4(request, body, strictAuth) : undefined)
        : undefined,
    };
    const restStages = new Set(restRoutes.map((route) => route.stage));
    const throttle = options.throttle && new AccountThrottle(options.throttle);

    const broadcastComments = restRoutes.find((route) => route.event.path === '/broadcast/comments');
    const devPage = new DevPage({
      webSocketUrl: `ws://${domainName}/${stage}`,
      broadcastCommentsUrl: broadcastComments ? `/${broadcastComments.stage}/broadcast/comments` : '',
    });
    dispatchRequest = async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path === '/_dev/stats') {
      sendJson(response, 200, { connections: gateway.connections.size, functionInstances: pools.instances, rssBytes: process.memoryUsage().rss });
      return;
    }
    if (path.startsWith('/_dev') && (await devPage.serve(path, response))) return;
      const lambdaInvoke = INVOKE_PATH.exec(path);
      if (lambdaInvoke) return handleInvokeApi(invokeApi, safeDecode(lambdaInvoke[1]!) ?? '', request, response);
      const management = /^(?:\/([^/]+))?\/@connections\/([^/]+)\/?$/.exec(path);
      if (management && throttle && !throttle.take()) {
        sendJson(response, 429, { message: 'Rate exceeded' }, { 'x-amzn-ErrorType': 'LimitExceededException' });
        return;
      }
      if (management) {
        if (management[1] !== undefined && management[1] !== stage) {
          sendJson(response, 403, { message: 'Forbidden' }, { 'x-amzn-ErrorType': 'ForbiddenException' });
          return;
        }
        const connectionId = safeDecode(management[2]!);
        if (connectionId === undefined) {
          sendJson(response, 400, { message: 'The connection id in the path is not a valid URL escape' }, { 'x-amzn-ErrorType': 'BadRequestException' });
          return;
        }
        await handleConnectionsApi(gateway, limits.maxMessageBytes, limits.maxBufferedBytes, connectionId, request, response, signedByKnownKey);
        return;
      }
      const [, first, ...restPath] = path.split('/');
      if (first && restStages.has(first)) {
        if (throttle && !throttle.take()) {
          sendJson(response, 429, { message: 'Too Many Requests' }, { 'x-amzn-ErrorType': 'TooManyRequestsException' });
          return;
        }
        if (!(await handleRest(rest, first, `/${restPath.join('/')}`, request, response))) {
          // API Gateway's answer for a path or method no resource has.
          sendJson(response, 403, { message: 'Missing Authentication Token' }, { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' });
        }
        return;
      }
      sendJson(response, 404, { message: `Nothing at ${path}. WebSocket: ws://${domainName}/${stage}; REST: ${restUrls.join(', ')}` });
    };
    dispatchUpgrade = (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
      if (path === '' || path === `/${stage}`) gateway.handleUpgrade(request, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    };

    const rebuild = async () => {
      const started = performance.now();
      await buildAll(layout, app);
      pools.reload();
      log.info('rebuilt', { ms: Math.round(performance.now() - started) });
    };
    const stopWatching = options.watch
      ? watchSources(sourceFolders(app, root), () => {
          rebuild().catch((error: unknown) => log.error('rebuild failed; still running the previous build', { error: error instanceof Error ? error.message : String(error) }));
        })
      : () => undefined;

    const httpUrl = `http://${domainName}`;
    const restUrls = restRoutes.map((route) => `${route.event.method} ${httpUrl}/${route.stage}${route.event.path}`);

    return {
      app,
      port,
      httpUrl,
      webSocketUrl: `ws://${domainName}/${stage}`,
      stage,
      managementEndpoint: `${httpUrl}/${stage}`,
      restUrls,
      dynamodbEndpoint,
      tableNames,
      gateway,
      invoke,
      rebuild,
      close: async () => {
        stopWatching();
        gateway.closeAll(1001, 'Going away');
        const deadline = Date.now() + 3000;
        while (gateway.connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        await gateway.idle();
        while (asyncInvocations.size > 0) await Promise.allSettled([...asyncInvocations]);
        await pools.close();
        await closeServers();
        await embedded?.close();
      },
    };
  };
  try {
    return await finishStarting();
  } catch (error) {
    await closeServers();
    await embedded?.close().catch(() => undefined);
    throw error;
  }
}
