import { readFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { buildAll, defaultLayout } from './build/build';
import { parseParameterOverrides } from './project/parameter-overrides';
import { readProject } from './project/project';
import { type WarmContainers, parseWarmContainers } from './project/warm-containers';
import type { Application } from './template/application';
import { type LocalStackOptions, startLocalStack } from './runtime/local-stack';
import { type CrashOrder, parseCrashOrder } from './runtime/lambda/crash-plan';
import { consoleLog, silentLog } from './runtime/log';
import type { LocalCredentials } from './runtime/gateway/sigv4-verifier';
import { prettyInvocations, prettyLog } from './runtime/pretty-log';

const USAGE = `usage: sam-websocket-local <command> [options]   (in a SAM project's directory, or with -t)

commands:
  start                          serve the template's WebSocket API, REST/HTTP routes, tables and functions
  invoke [FunctionId] [-e <event.json>|-]
                                 run one function once (like sam local invoke: no event is {}, - reads stdin;
                                 the function may go unnamed when the template has one)
  build                          build every function and layer into .aws-sam/build, as sam build does

options:
  -t, --template <file|dir>      the SAM template (default: template.yaml / template.yml here)
  --parameter-overrides <Key=Value ...>
                                 template parameters, in SAM CLI's syntax
  --config-env <name>            samconfig.toml environment to read parameter_overrides, region and warm_containers from
                                 (default "default"; its local_start_api / local_invoke and global sections)
  --config-file <file>           the samconfig file, beside the template (default samconfig.toml)
  --env <name>                   also read parameters/<name>.json beside the template (default dev, when present)
  --region <name>                the region functions see (default: samconfig's, else us-east-1)
  -n, --env-vars <file>          function variables as SAM CLI takes them: {"<FunctionId>": {...}, "Parameters": {...}}
  --websocket-api <LogicalId>    the WebSocket API to serve when the template has several (one per runtime and port)
  -p, --port <n>                 port for WebSocket, @connections, REST and Lambda's Invoke API
                                 (default: PORT from the environment, else 3001; 0 = any)
  --host <addr>                  address to listen on (default localhost: 127.0.0.1 and ::1)
  --dynamodb <url>               use this DynamoDB-compatible endpoint instead of the embedded store (or DYNAMODB_ENDPOINT)
  --data <dir>                   keep the embedded store's data on disk in <dir>
  --idle-timeout <s>             close connections idle this long (default 600)
  --max-connection <s>           close connections this old (default 7200)
  --log-level <level>            DEBUG, INFO, WARN, ERROR or SILENT, for the runtime and the functions
                                 (default: INFO for the runtime, the template's LogLevel for functions)
  --log-format <raw|pretty>      raw (default, for programs): the runtime's logfmt lines and the functions' own
                                 output (Powertools JSON) as they come; pretty (for people): one line per
                                 invocation (route, function, status, ms), the function's log lines indented under it
  --throttle-rate <n>            emulate API Gateway's account throttle: n requests/s over @connections and REST
                                 (off by default: nothing else shares the account locally)
  --throttle-burst <n>           the throttle's burst (default: the rate)
  --instance-idle <s>            retire a function instance idle this long (default 60), as Lambda retires idle ones
  --warm-containers <EAGER|LAZY> as SAM CLI's (else samconfig's warm_containers): EAGER starts and initialises every
                                 function before the runtime is ready, and again after each rebuild, so no call waits
                                 for a cold start; LAZY starts one at its first call; both keep each function's last
                                 instance however long it idles (default: neither, cold starts and idle retirement as
                                 on Lambda)
  --dev-page <dir>               serve <dir>/index.html and its main script at /_dev/, with config.json of this runtime's URLs
  --crash-invocations <FunctionLogicalId>:<count>:<afterMs>
                                 resilience testing: the next <count> invocations of that function die <afterMs> ms
                                 after they start, as a Lambda environment killed or out of memory does (the
                                 instance ends; the invocation fails with Runtime.ExitError, so an asynchronous one
                                 is retried and goes to its OnFailure destination). Repeat the flag per function
  --async-time-scale <factor>    multiply the asynchronous queue's waits: Lambda's retry delays (1 and 2 minutes)
                                 and MaximumEventAgeInSeconds (default 1; e.g. 0.01 turns a minute into 600 ms)
  --no-watch                     do not rebuild on source changes
  --debug                        build functions with source maps (into .aws-sam/debug-build) and open the
                                 inspector, so a debugger (VS Code, Chrome DevTools) stops at breakpoints in
                                 their TypeScript sources; every function instance is a worker thread it lists;
                                 invocations are not stopped at their Timeout (a breakpoint would be)
  --debug-port <n>               the inspector's port with --debug (default 9229; 0 = any free one)
  --ready-json                   print one JSON line {"ready": {webSocketUrl, httpUrl, …}} instead of the banner, for programs
  --help, --version              this text; the package's version
  --strict-auth                  verify SigV4 on AWS_IAM routes, @connections and Lambda's Invoke API, signed with
                                 this environment's credentials (the AWS SDK's chain: AWS_ACCESS_KEY_ID /
                                 AWS_SECRET_ACCESS_KEY, then the shared config and credentials files, SSO…) and
                                 scoped to the runtime's region and service (as AWS would; 403 otherwise)
  --profile <name>               with --strict-auth, the named profile of the shared config/credentials files

Web pages cannot drive the runtime: cross-site browser requests to the Invoke API, @connections and AWS_IAM
routes, and any request whose Host is not localhost, an IP address or --host, are refused with 403.`;

const OPTIONS = {
  template: { type: 'string', short: 't' },
  env: { type: 'string' },
  'config-env': { type: 'string' },
  'config-file': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'env-vars': { type: 'string', short: 'n' },
  'dev-page': { type: 'string' },
  event: { type: 'string', short: 'e' },
  'websocket-api': { type: 'string' },
  port: { type: 'string', short: 'p', default: process.env.PORT ?? '3001' },
  host: { type: 'string', default: 'localhost' },
  dynamodb: { type: 'string', default: process.env.DYNAMODB_ENDPOINT },
  data: { type: 'string' },
  'idle-timeout': { type: 'string' },
  'max-connection': { type: 'string' },
  'no-watch': { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  'debug-port': { type: 'string' },
  'ready-json': { type: 'boolean', default: false },
  'strict-auth': { type: 'boolean', default: false },
  'log-level': { type: 'string' },
  'log-format': { type: 'string', default: 'raw' },
  'parameter-overrides': { type: 'string' },
  'throttle-rate': { type: 'string' },
  'throttle-burst': { type: 'string' },
  'instance-idle': { type: 'string' },
  'warm-containers': { type: 'string' },
  'crash-invocations': { type: 'string', multiple: true },
  'async-time-scale': { type: 'string' },
  help: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} as const;

/** A flag's number, or a one-line error naming the flag: a typo must not start a runtime with NaN. */
function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${flag} must be a positive number, not "${value}"`);
  return number;
}

export class UsageError extends Error {}

function overrides(text: string): Record<string, string> {
  try {
    return parseParameterOverrides(text);
  } catch (error) {
    throw new UsageError(`--parameter-overrides: ${(error as Error).message}`);
  }
}

function stackOptions(
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'],
): LocalStackOptions {
  const seconds = (flag: 'idle-timeout' | 'max-connection') => {
    const value = positive(flag, values[flag]);
    return value === undefined ? undefined : value * 1000;
  };
  const rate = positive('throttle-rate', values['throttle-rate']);
  const burst = positive('throttle-burst', values['throttle-burst']);
  if (burst !== undefined && rate === undefined) throw new UsageError('--throttle-burst needs --throttle-rate');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number (0 for any free one), not "${values.port}"`);
  return {
    template: values.template,
    env: values.env,
    envRequired: values.env !== undefined,
    configEnv: values['config-env'],
    configFile: values['config-file'],
    region: values.region,
    webSocketApi: values['websocket-api'],
    envVarsFile: values['env-vars'] ? resolve(values['env-vars']) : undefined,
    devPage: values['dev-page'] ? resolve(values['dev-page']) : undefined,
    port,
    parameterOverrides: overrides(values['parameter-overrides'] ?? ''),
    throttle: rate === undefined ? undefined : { ratePerSecond: rate, burst: burst ?? rate },
    instanceIdleMs: (positive('instance-idle', values['instance-idle']) ?? 60) * 1000,
    warmContainers: warmContainers(values['warm-containers']),
    crashInvocations: (values['crash-invocations'] ?? []).map(crashOrder),
    asyncTimeScale: positive('async-time-scale', values['async-time-scale']),
    host: values.host,
    dynamodbEndpoint: values.dynamodb,
    dataDir: values.data ? resolve(values.data) : undefined,
    functionLogLevel: values['log-level']?.toUpperCase(),
    limits: {
      ...(values['idle-timeout'] ? { idleTimeoutMs: seconds('idle-timeout') } : {}),
      ...(values['max-connection'] ? { maxConnectionMs: seconds('max-connection') } : {}),
    },
  };
}

function warmContainers(value: string | undefined): WarmContainers | undefined {
  try {
    return value === undefined ? undefined : parseWarmContainers(value, '--warm-containers');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function crashOrder(text: string): CrashOrder {
  try {
    return parseCrashOrder(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The credentials callers must sign with, as the AWS SDK finds them (environment, profile files, SSO…). */
async function localCredentials(profile: string | undefined): Promise<LocalCredentials> {
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = await defaultProvider(profile ? { profile } : {})();
    return { accessKeyId, secretAccessKey, sessionToken };
  } catch (error) {
    throw new Error(
      `--strict-auth needs the credentials callers must sign with${profile ? ` (profile ${profile})` : ''}: ` +
        `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile <name> of the shared config files; ` +
        `the AWS SDK found none (${(error as Error).message})`,
      { cause: error },
    );
  }
}

const usesIam = (app: Application) =>
  app.webSocketApis.some((api) => api.iamOnConnect) ||
  [...app.restEvents, ...app.httpEvents].some((event) => event.authorizer === 'AWS_IAM');

async function start(options: LocalStackOptions, readyJson: boolean, debugPort?: number): Promise<void> {
  const started = performance.now();
  // Opened before the functions start, so a debugger can be attached before their first invocation.
  const debuggerUrl = options.debug ? openInspector(debugPort ?? 9229) : undefined;
  const stack = await startLocalStack({ ...options, watch: options.watch ?? true });
  const { webSocketUrl, httpUrl, managementEndpoint, dynamodbEndpoint, tableNames, restUrls } = stack;
  if (readyJson)
    console.log(
      JSON.stringify({ ready: { webSocketUrl, httpUrl, managementEndpoint, dynamodbEndpoint, tableNames, restUrls } }),
    );
  else
    console.log(
      [
        `${stack.project.templatePath} running offline (ready in ${Math.round(performance.now() - started)} ms)`,
        `  WebSocket     ${stack.webSocketUrl}   (also ws://${stack.httpUrl.slice(7)})`,
        `  @connections  ${stack.managementEndpoint}/@connections/{connectionId}`,
        ...stack.restUrls.map((url) => `  REST          ${url}`),
        ...(options.strictAuth
          ? [`  SigV4         required on AWS_IAM routes (key ${options.strictAuth.accessKeyId})`]
          : usesIam(stack.app)
            ? ['  SigV4         not checked on AWS_IAM routes here (--strict-auth checks it, as AWS does)']
            : []),
        `  DynamoDB      ${stack.dynamodbEndpoint}   tables: ${stack.tableNames.join(', ')}`,
        `  Console       ${stack.httpUrl}/_console/`,
        ...(options.devPage ? [`  Dev page      ${stack.httpUrl}/_dev/`] : []),
        ...(debuggerUrl
          ? [`  Debugger      ${debuggerUrl}   (functions built with source maps in .aws-sam/debug-build)`]
          : []),
        '  Ctrl-C to stop',
      ].join('\n'),
    );
  let stoppingSince = 0;
  const stop = () => {
    // Ctrl-C reaches npm, tsx and this process at once, and tsx relays it again: only a second
    // Ctrl-C a moment later means "stop now, skip the clean-up".
    if (stoppingSince) {
      if (Date.now() - stoppingSince > 1000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    console.log('stopping: closing connections with 1001 and running their $disconnect');
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The inspector's URL: opened on `port` here, or the one `node --inspect` already opened. */
function openInspector(port: number): string {
  if (!inspector.url()) inspector.open(port, '127.0.0.1', false);
  return inspector.url()!;
}

/** The runtime's log, and in pretty mode where the functions' output goes instead of straight to stdout. */
function logging(format: string, level = 'INFO'): Pick<LocalStackOptions, 'log' | 'functionOutput' | 'invocationTap'> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  if (format === 'raw') return { log: consoleLog(level, write) };
  if (format !== 'pretty') throw new UsageError(`--log-format must be raw or pretty, not "${format}"`);
  return {
    log: prettyLog(level, write),
    // Each invocation's output is printed under its line, from what the runtime keeps of it.
    functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }),
    invocationTap: prettyInvocations(write),
  };
}

async function invoke(
  named: string | undefined,
  eventFile: string | undefined,
  options: LocalStackOptions,
): Promise<void> {
  // As sam local invoke: the function may go unnamed when the template has one; no event is {}; - is stdin.
  const functions = [...readProject(options).app.functions.keys()];
  const functionId = named ?? (functions.length === 1 ? functions[0] : undefined);
  if (!functionId) throw new UsageError(`invoke needs a function: the template has ${functions.join(', ') || 'none'}`);
  const text = eventFile === undefined ? '{}' : readFileSync(eventFile === '-' ? 0 : resolve(eventFile), 'utf8');
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The event ${eventFile} is not JSON: ${(error as Error).message}`);
  }
  // Like sam local invoke: the function's logs on stderr, its result alone on stdout.
  const stack = await startLocalStack({
    ...options,
    warmContainers: undefined,
    port: 0,
    watch: false,
    log: silentLog,
    functionOutput: process.stderr,
  });
  try {
    const { outcome, durationMs, requestId } = await stack.invoke(functionId, event);
    console.error(`REPORT RequestId: ${requestId} Duration: ${durationMs.toFixed(2)} ms`);
    console.log(JSON.stringify(outcome.ok ? outcome.result : outcome.error, null, 2));
    if (!outcome.ok) process.exitCode = 1;
  } finally {
    await stack.close();
  }
}

/** The command line, or a usage error naming what it could not read. */
function parsed(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('. ')[0]}; sam-websocket-local --help lists the options`);
  }
}

async function main(argv: string[]): Promise<void> {
  // Lambda runs these bundles on Node 24; the SDK's notice about this machine's Node 20 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values, positionals } = parsed(argv);
  const [command, ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.version) {
    // src/cli.ts in a checkout, dist/cli.js when packed: package.json is one level up from both.
    console.log(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
    return;
  }
  switch (command) {
    case 'build': {
      const { app, root } = readProject({ template: values.template });
      const layout = defaultLayout(root);
      const started = performance.now();
      await buildAll(layout, app);
      console.log(
        `built ${app.functions.size} functions and ${app.layers.size} layer(s) into ${layout.buildDir} in ${Math.round(performance.now() - started)} ms`,
      );
      return;
    }
    case 'start': {
      const debugPort = values['debug-port'] === undefined ? undefined : Number(values['debug-port']);
      if (debugPort !== undefined && !values.debug) throw new UsageError('--debug-port needs --debug');
      if (debugPort !== undefined && !(Number.isInteger(debugPort) && debugPort >= 0 && debugPort <= 65535))
        throw new UsageError(`--debug-port must be a port number (0 for any free one), not "${values['debug-port']}"`);
      if (values.profile !== undefined && !values['strict-auth']) throw new UsageError('--profile needs --strict-auth');
      return start(
        {
          ...stackOptions(values),
          strictAuth: values['strict-auth'] ? await localCredentials(values.profile) : undefined,
          watch: !values['no-watch'],
          debug: values.debug,
          ...logging(values['log-format'], values['log-level']),
        },
        values['ready-json'],
        debugPort,
      );
    }
    case 'invoke':
      return invoke(rest[0], values.event ?? rest[1], {
        ...stackOptions(values),
        strictAuth: values['strict-auth'] ? await localCredentials(values.profile) : undefined,
        command: 'local_invoke',
      });
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
