import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { availableParallelism } from 'node:os';
import { type IntegrationDeps } from './integrations/call-integration';
import { resolveTemplates } from './integrations/resolve-templates';
import { type BuildLayout, buildAll, buildIfStale, debugLayout, defaultLayout } from '../build/build';
import {
  FUNCTION_CREDENTIALS,
  LOCAL_ACCOUNT_ID,
  createResolver,
  type LocalDeployment,
  localApiId,
} from '../resource-values';
import { readEnvVars } from '../project/env-vars';
import { type Project, type ProjectOptions, readProject } from '../project/project';
import { openIteratorCount } from '../store/close-abandoned-iterators';
import { claimDataDir } from '../store/data-dir-lock';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../store/embedded-dynamodb';
import { ensureTables } from '../store/tables';
import type { Application, WebSocketApiSpec } from '../template/application';
import type { IntrinsicResolver } from '../template/intrinsics';
import { ruleViolations } from '../template/rules';
import { DevPage } from './dev-page';
import { createConsole } from './console/create-console';
import type { InvocationTap } from './console/taps';
import { AccountThrottle, type ThrottleSettings } from './gateway/account-throttle';
import { BrowserGuard } from './gateway/browser-guard';
import { AWS_LIMITS, type GatewayLimits } from './gateway/limits';
import { type LocalCredentials, verifySigV4 } from './gateway/sigv4-verifier';
import { WebSocketGateway } from './gateway/websocket-gateway';
import { asyncInvokeConfigs, deadLetterNotices } from '../template/async-config';
import { AsyncInvoker } from './lambda/async-invoker';
import { type CrashOrder, CrashPlan } from './lambda/crash-plan';
import type { Invocation } from './lambda/function-pool';
import { FunctionPools } from './lambda/function-pools';
import type { WarmContainers } from '../project/warm-containers';
import { runtimeMismatches } from './lambda/runtime-versions';
import { Listeners } from './listeners';
import { chooseWebSocketApi } from './choose-websocket-api';
import { consoleLog, type RuntimeLog } from './log';
import { createRouter } from './router';
import { connectionsSigner, httpApiRoutes, invokeSigner, restApiRoutes, routeMap, routeUrls } from './api-routes';
import { rebuildReason } from './rebuild-reason';
import { sourceFolders, watchSources } from './watch';

export interface LocalStackOptions extends ProjectOptions {
  /** Which WebSocket API to serve, by logical id, when the template has several. */
  webSocketApi?: string;
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
  /** SAM CLI's --warm-containers (else samconfig's warm_containers): EAGER starts every function at start-up. */
  warmContainers?: WarmContainers;
  /** Overrides the functions' POWERTOOLS_LOG_LEVEL (e.g. SILENT in tests). */
  functionLogLevel?: string;
  /** Where functions' own log lines go (default: this process's stdout). */
  functionOutput?: NodeJS.WritableStream;
  /** Extra variables for every function, after the template's. */
  functionEnvironment?: Record<string, string>;
  /** SAM CLI's --env-vars file: variables per function logical id, after everything else. */
  envVarsFile?: string;
  log?: RuntimeLog;
  /** Verify SigV4 on REST routes whose template auth is AWS_IAM, against these credentials. */
  strictAuth?: LocalCredentials;
  /** API Gateway's account throttle over @connections and REST calls; none when undefined. */
  throttle?: ThrottleSettings;
  /** A folder with index.html and a main script, served at /_dev/ with this runtime's URLs. */
  devPage?: string;
  /** Build functions with source maps (in .aws-sam/debug-build unless buildDir says otherwise), for a debugger. */
  debug?: boolean;
  /** Called after every invocation (`--log-format pretty` prints them). */
  invocationTap?: InvocationTap;
  /** Invocations to kill mid-run, as a Lambda environment that dies (resilience tests). */
  crashInvocations?: CrashOrder[];
  /** Multiplies the asynchronous queue's waits (retry delays, event age); default 1, Lambda's own. */
  asyncTimeScale?: number;
}

export interface LocalStack {
  app: Application;
  project: Project;
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
  /** Queues an asynchronous invocation, as `InvocationType: Event` does; answers its request id. */
  invokeAsync(functionId: string, event: unknown): string;
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

const STACK_NAME = 'local';
/**
 * How long a call waits for a busy instance before another starts, past one per core: about what a
 * cold start costs it, so a call behind slow ones is not held up much longer than a new instance
 * would have held it.
 */
const SCALE_OUT_DELAY_MS = 100;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const project = readProject(options);
  const log = options.log ?? consoleLog();
  const host = options.host ?? 'localhost';
  const listeners = new Listeners(log);
  await listeners.listen(host, options.port ?? 3001);
  let embedded: EmbeddedDynamoDb | undefined;
  let releaseData = () => undefined as void;
  // The port is open from the start; a failure after that must close it again, or the process
  // would answer 503 forever.
  try {
    if (options.dataDir && !options.dynamodbEndpoint) releaseData = claimDataDir(options.dataDir);
    const dynamodbEndpoint =
      options.dynamodbEndpoint ??
      (embedded = await startEmbeddedDynamoDb({
        path: options.dataDir,
        onStoreError: (error) => log.error('the embedded store failed a request', { error: error.message }),
      })).endpoint;
    const deployment: LocalDeployment = {
      host,
      port: listeners.port,
      region: project.region ?? 'us-east-1',
      accountId: LOCAL_ACCOUNT_ID,
      stackName: STACK_NAME,
      dynamodbEndpoint,
    };
    return await wireStack(project, options, deployment, listeners, log, async () => {
      await embedded?.close();
      releaseData();
    });
  } catch (error) {
    await listeners.close();
    await embedded?.close().catch(() => undefined);
    releaseData();
    throw error;
  }
}

/** Store, build, functions and gateway, wired to the open port. */
async function wireStack(
  project: Project,
  options: LocalStackOptions,
  deployment: LocalDeployment,
  listeners: Listeners,
  log: RuntimeLog,
  closeStore: () => Promise<void>,
): Promise<LocalStack> {
  const { app, root } = project;
  const resolver = createResolver(app, project.parameters, deployment);
  refuseWhatIsNotEmulated(project, resolver);
  for (const notice of [...app.notices, ...deadLetterNotices(app)]) log.warn(notice);
  const asyncConfigs = asyncInvokeConfigs(app, resolver);
  const api = chooseWebSocketApi(app, project.templatePath, options.webSocketApi);
  const base: BuildLayout = options.debug ? debugLayout(root) : defaultLayout(root);
  const layout: BuildLayout = options.buildDir ? { ...base, buildDir: options.buildDir } : base;
  const tableNames = await createTablesAndBuild(project, options, deployment, resolver, layout);
  const pools = createPools(project, options, deployment, resolver, layout, log);
  if (options.invocationTap) pools.observe(options.invocationTap);
  const asyncInvoker = new AsyncInvoker({
    invokeQueued: (functionId, event, requestId, deadline, stop) =>
      pools.invokeQueued(functionId, event, requestId, deadline, stop),
    arn: (functionId) => pools.arn(functionId),
    alwaysThrottled: (functionId) => pools.alwaysThrottled(functionId),
    configs: asyncConfigs,
    timeScale: options.asyncTimeScale ?? 1,
    log,
  });
  const invokeAsync = (functionId: string, event: unknown) => asyncInvoker.enqueue(functionId, event);
  const stage = String(resolver.resolve(api.stageName ?? '$default'));
  const domainName = `${deployment.host}:${deployment.port}`;
  const httpUrl = `http://${domainName}`;
  const webSocketUrl = `ws://${domainName}/${stage}`;
  const store = storeClient(deployment);
  const served = resolveTemplates(api, (value) => resolver.resolve(value));
  const deps = { invoke: pools.invoke, invokeAsync, dynamodb: store, log };
  const gateway = createGateway(served, stage, deployment, deps, options);
  const guard = new BrowserGuard(deployment.host, deployment.port);
  const checks = { strictAuth: options.strictAuth, region: deployment.region, guard };
  const rest = restApiRoutes(app, resolver, domainName, pools.invoke, log, checks);
  const http = httpApiRoutes(app, resolver, domainName, pools.invoke, log, checks);
  const restUrls = routeUrls(httpUrl, rest, http);
  const throttle = options.throttle && new AccountThrottle(options.throttle);
  const localConsole = createConsole({
    project,
    api,
    options,
    deployment,
    gateway,
    pools,
    stage,
    throttle,
    tableNames,
    log,
  });
  listeners.serve(
    createRouter({
      gateway,
      stage,
      limits: { ...AWS_LIMITS, ...options.limits },
      rest,
      http,
      invokeApi: {
        resolve: (name, qualifier) => pools.resolve(name, qualifier),
        invoke: pools.invoke,
        log,
        enqueue: invokeAsync,
        authorize: invokeSigner(options.strictAuth, deployment.region),
      },
      throttle,
      guard,
      console: localConsole,
      devPage: options.devPage
        ? new DevPage(options.devPage, { webSocketUrl, routes: routeMap(rest.routes) })
        : undefined,
      signedByKnownKey: connectionsSigner(options.strictAuth, deployment.region),
      stats: () => runtimeStats(gateway, pools),
      describe: () => `WebSocket: ${webSocketUrl}; REST: ${restUrls.join(', ')}`,
    }),
  );
  const watching = startWatching(project, layout, pools, log, options.watch);
  await pools.prewarm();
  return {
    app,
    project,
    port: deployment.port,
    httpUrl,
    webSocketUrl,
    stage,
    managementEndpoint: `${httpUrl}/${stage}`,
    restUrls,
    dynamodbEndpoint: deployment.dynamodbEndpoint,
    tableNames,
    gateway,
    invoke: pools.invoke,
    invokeAsync,
    rebuild: watching.rebuild,
    close: async () => {
      watching.stop();
      localConsole.close();
      await gateway.closeAllAndWait(1001, 'Going away', 3000);
      await gateway.idle();
      store.destroy();
      await asyncInvoker.close();
      await pools.close();
      await listeners.close();
      await closeStore();
    },
  };
}

/** The runtime's store as integrations to DynamoDB reach it (with the functions' local keys). */
const storeClient = (deployment: LocalDeployment) =>
  new DynamoDBClient({
    endpoint: deployment.dynamodbEndpoint,
    region: deployment.region,
    credentials: FUNCTION_CREDENTIALS,
  });

function createGateway(
  api: WebSocketApiSpec,
  stage: string,
  deployment: LocalDeployment,
  deps: IntegrationDeps,
  options: LocalStackOptions,
): WebSocketGateway {
  const domainName = `${deployment.host}:${deployment.port}`;
  return new WebSocketGateway({
    api,
    context: { apiId: localApiId(api.logicalId), stage, domainName },
    limits: { ...AWS_LIMITS, ...options.limits },
    ...deps,
    region: deployment.region,
    accountId: LOCAL_ACCOUNT_ID,
    verifyIam: options.strictAuth
      ? (request) =>
          verifySigV4(request, Buffer.alloc(0), options.strictAuth!, {
            region: deployment.region,
            service: 'execute-api',
          })
      : undefined,
  });
}

/** Rules the parameters break and resources not emulated stop the start, each named. */
function refuseWhatIsNotEmulated(project: Project, resolver: IntrinsicResolver): void {
  const violations = ruleViolations(project.app.template, resolver);
  if (violations.length > 0)
    throw new Error(`The template's Rules refuse these parameters:\n  ${violations.join('\n  ')}`);
  if (project.app.unsupported.length > 0)
    throw new Error(
      `${project.templatePath} asks for what the local runtime does not emulate:\n  ${project.app.unsupported.join('\n  ')}`,
    );
}

function createPools(
  project: Project,
  options: LocalStackOptions,
  deployment: LocalDeployment,
  resolver: IntrinsicResolver,
  layout: BuildLayout,
  log: RuntimeLog,
): FunctionPools {
  const { app, root } = project;
  for (const warning of runtimeMismatches(app)) log.warn(warning);
  const crashPlan = new CrashPlan(options.crashInvocations);
  for (const functionId of crashPlan.functionIds())
    if (!app.functions.has(functionId))
      throw new Error(
        `--crash-invocations ${functionId}: no such function; the template has ${[...app.functions.keys()].join(', ')}`,
      );
  return new FunctionPools({
    crashPlan,
    app,
    resolver,
    deployment,
    root,
    buildDir: layout.buildDir,
    log,
    maxInstancesPerFunction: options.maxInstancesPerFunction ?? 8,
    // As many instances at once as the machine runs threads; more only for calls that wait (README).
    immediateInstances: Math.max(2, availableParallelism()),
    scaleOutDelayMs: SCALE_OUT_DELAY_MS,
    idleRetireMs: options.instanceIdleMs ?? 60_000,
    warm: options.warmContainers ?? project.warmContainers,
    extraEnvironment: {
      ...(options.functionLogLevel ? { POWERTOOLS_LOG_LEVEL: options.functionLogLevel } : {}),
      ...options.functionEnvironment,
    },
    functionVariables: options.envVarsFile ? readEnvVars(options.envVarsFile, app.functions.keys()) : undefined,
    output: options.functionOutput ?? process.stdout,
    debugging: options.debug,
  });
}

function runtimeStats(gateway: WebSocketGateway, pools: FunctionPools) {
  const { rss, heapUsed, external } = process.memoryUsage();
  return {
    connections: gateway.connections.size,
    functionInstances: pools.instances,
    storeOpenIterators: openIteratorCount(),
    rssBytes: rss,
    heapUsedBytes: heapUsed,
    externalBytes: external,
  };
}

/** Rebuilds on source changes (when watching), keeping the previous build if one fails. */
function startWatching(
  project: Project,
  layout: BuildLayout,
  pools: FunctionPools,
  log: RuntimeLog,
  watch: boolean | undefined,
): { rebuild: () => Promise<void>; stop: () => void } {
  const rebuild = async () => {
    const started = performance.now();
    await buildAll(layout, project.app);
    await pools.reload();
    log.info('rebuilt', { ms: Math.round(performance.now() - started) });
  };
  const stop = watch
    ? watchSources(sourceFolders(project.app, project.root), (files) => {
        log.info(`rebuilding ${rebuildReason(project.app, project.root, files)}`);
        rebuild().catch((error: unknown) =>
          log.error('rebuild failed; still running the previous build', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      })
    : () => undefined;
  return { rebuild, stop };
}

/** Tables created and functions built (unless fresh), side by side; answers the table names. */
async function createTablesAndBuild(
  project: Project,
  options: LocalStackOptions,
  deployment: LocalDeployment,
  resolver: IntrinsicResolver,
  layout: BuildLayout,
): Promise<string[]> {
  const { app, root, templatePath } = project;
  const storeClient = new DynamoDBClient({
    endpoint: deployment.dynamodbEndpoint,
    region: deployment.region,
    credentials: FUNCTION_CREDENTIALS,
  });
  try {
    const [tableNames] = await Promise.all([
      ensureTables(storeClient, app, resolver).catch((error: unknown) => {
        throw unreachableStore(error, options.dynamodbEndpoint);
      }),
      options.build === false ? undefined : buildIfStale(layout, app, [templatePath, ...sourceFolders(app, root)]),
    ]);
    return tableNames;
  } finally {
    storeClient.destroy();
  }
}

/** A --dynamodb endpoint where nothing answers, said in one line that names the flag. */
function unreachableStore(error: unknown, endpoint: string | undefined): unknown {
  const code = (error as { code?: string }).code;
  if (
    !endpoint ||
    !code ||
    !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)
  )
    return error;
  return new Error(
    `--dynamodb ${endpoint}: nothing answers there (${code}); start DynamoDB Local or LocalStack first, or leave --dynamodb out for the embedded store`,
    { cause: error },
  );
}
