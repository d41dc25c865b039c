import { randomUUID } from 'node:crypto';
import { functionEnvironment, functionLimits } from '../../function-environment';
import type { LocalDeployment } from '../../resource-values';
import type { Application } from '../../template/application';
import type { IntrinsicResolver } from '../../template/intrinsics';
import type { InvocationTap } from '../console/taps';
import type { RuntimeLog } from '../log';
import { codeLocation } from './code-location';
import { codeWarnings } from './code-warnings';
import { ConcurrencyLimit } from './concurrency-limit';
import type { CrashPlan } from './crash-plan';
import type { WarmContainers } from '../../project/warm-containers';
import { FunctionPool, type Invocation } from './function-pool';
import { spareCoreProbe } from './spare-core';
import { parseFunctionReference } from './function-reference';
import type { FunctionError } from './protocol';

export interface FunctionPoolsOptions {
  app: Application;
  resolver: IntrinsicResolver;
  deployment: LocalDeployment;
  root: string;
  buildDir: string;
  maxInstancesPerFunction: number;
  /** See PoolOptions: instances started at once, and the wait before another past them. */
  immediateInstances?: number;
  scaleOutDelayMs?: number;
  log: RuntimeLog;
  idleRetireMs?: number;
  /** SAM CLI's --warm-containers (see PoolOptions.warm). */
  warm?: WarmContainers;
  /** Variables for every function after the template's (a log level, test settings). */
  extraEnvironment: Record<string, string>;
  /** Per function (by logical id), after everything else: SAM CLI's --env-vars. */
  functionVariables?: Record<string, Record<string, string>>;
  output: NodeJS.WritableStream;
  /** Invocations to kill mid-run (--crash-invocations). */
  crashPlan?: CrashPlan;
  /** A debugger may hold an invocation at a breakpoint: stop none before an hour (its deadline stays the template's). */
  debugging?: boolean;
}

/** Every function of the template as a pool of Lambda-like instances, found by logical id or by name. */
export class FunctionPools {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly byName = new Map<string, string>();
  private readonly taps = new Set<InvocationTap>();
  private readonly limits = new Map<string, ConcurrencyLimit>();
  /** Qualifiers each function answers to: $LATEST, and its AutoPublishAlias (the runtime runs no versions). */
  private readonly qualifiers = new Map<string, Set<string>>();
  private readonly home: { region: string; account: string };
  private readonly log: RuntimeLog;

  constructor(options: FunctionPoolsOptions) {
    const { app, resolver, deployment } = options;
    this.home = { region: deployment.region, account: deployment.accountId };
    this.log = options.log;
    const redirect = {
      runtime: `${deployment.host}:${deployment.port}`,
      dynamodb: new URL(deployment.dynamodbEndpoint).host,
    };
    for (const fn of app.functions.values()) {
      const location = codeLocation(app, fn, options);
      // Named at start-up; its invocations answer with the same reason.
      if (location.language === 'none') options.log.warn(`${fn.logicalId} will not run locally: ${location.reason}`);
      else for (const warning of codeWarnings(app, fn, resolver, options)) options.log.warn(warning);
      const given = { ...options.extraEnvironment, ...options.functionVariables?.[fn.logicalId] };
      const environment = {
        ...functionEnvironment(app, fn, resolver, deployment, (variable, message) => {
          if (!(variable in given)) options.log.warn(message);
        }),
        ...given,
      };
      // A level given to the runtime (--log-level) decides: Lambda's variable would win over Powertools' own.
      if (given.POWERTOOLS_LOG_LEVEL !== undefined && !('AWS_LAMBDA_LOG_LEVEL' in given))
        delete environment.AWS_LAMBDA_LOG_LEVEL;
      const { timeoutSeconds, memoryMb } = functionLimits(fn, resolver);
      const functionName = environment.AWS_LAMBDA_FUNCTION_NAME!;
      this.byName.set(functionName, fn.logicalId);
      this.qualifiers.set(fn.logicalId, qualifiersOf(app, fn.logicalId, resolver));
      const reserved = reservedConcurrency(fn.logicalId, resolver.resolve(fn.reservedConcurrency));
      if (reserved !== undefined) this.limits.set(fn.logicalId, new ConcurrencyLimit(reserved));
      this.pools.set(
        fn.logicalId,
        new FunctionPool({
          logicalId: fn.logicalId,
          functionName,
          arn: String(resolver.resolve({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] })),
          timeoutSeconds,
          memoryMb,
          maxInstances: options.maxInstancesPerFunction,
          immediateInstances: options.immediateInstances,
          scaleOutDelayMs: options.scaleOutDelayMs,
          spareCore: options.scaleOutDelayMs === undefined ? undefined : spareCoreProbe(),
          idleRetireMs: options.idleRetireMs,
          warm: location.language === 'none' ? undefined : options.warm,
          logGroupName: environment.AWS_LAMBDA_LOG_GROUP_NAME,
          stopAfterMs: options.debugging ? Math.max(3_600_000, timeoutSeconds * 1000) : undefined,
          crashAfterMs: () => options.crashPlan?.next(fn.logicalId),
          instanceOptions: () => ({
            location,
            redirect,
            env: environment,
            memoryMb,
            output: options.output,
          }),
        }),
      );
    }
  }

  /**
   * The logical id of a function named by logical id, name or ARN, as Lambda finds it: an ARN of
   * another partition, region or account, or a qualifier the function does not have, names none.
   */
  resolve(reference: string, qualifier?: string): string | undefined {
    const parsed = parseFunctionReference(reference);
    if (!parsed) return undefined;
    if (parsed.partition !== undefined && parsed.partition !== 'aws') return undefined;
    if (parsed.region !== undefined && parsed.region !== this.home.region) return undefined;
    if (parsed.account !== undefined && parsed.account !== this.home.account) return undefined;
    if (parsed.qualifier !== undefined && qualifier !== undefined && parsed.qualifier !== qualifier) return undefined;
    const functionId = this.pools.has(parsed.name) ? parsed.name : this.byName.get(parsed.name);
    const wanted = parsed.qualifier ?? qualifier;
    if (!functionId || (wanted !== undefined && !this.qualifiers.get(functionId)?.has(wanted))) return undefined;
    return functionId;
  }

  /**
   * A synchronous invocation. Over the function's reserved concurrency it does not run and answers
   * throttled, as Lambda's 429. Never rejects: a failure to start an instance is the invocation's error.
   */
  invoke = async (functionId: string, event: unknown): Promise<Invocation> => {
    const pool = this.pool(functionId);
    const limit = this.limits.get(functionId);
    if (limit && !limit.tryTake()) return this.tapped(functionId, event, throttledInvocation());
    try {
      return await this.run(functionId, pool, event);
    } finally {
      limit?.release();
    }
  };

  /**
   * An invocation from the asynchronous queue: it waits for a slot under the reserved concurrency
   * until `deadline` (epoch ms); undefined when the deadline passed first (the event is too old) or
   * the runtime stops.
   */
  async invokeQueued(
    functionId: string,
    event: unknown,
    requestId: string,
    deadline: number,
    stop?: AbortSignal,
  ): Promise<Invocation | undefined> {
    const pool = this.pool(functionId);
    const limit = this.limits.get(functionId);
    if (limit && !(await limit.take(deadline, stop))) return undefined;
    try {
      return await this.run(functionId, pool, event, requestId);
    } finally {
      limit?.release();
    }
  }

  /** True when the function's reserved concurrency is 0: no invocation of it ever runs. */
  alwaysThrottled(functionId: string): boolean {
    return this.limits.get(functionId)?.limit === 0;
  }

  /** The function's ARN, as a destination's invocation record names it. */
  arn(functionId: string): string {
    return this.pool(functionId).arn;
  }

  private pool(functionId: string): FunctionPool {
    const pool = this.pools.get(functionId);
    if (!pool)
      throw new Error(`No function ${functionId} in the template; it has ${[...this.pools.keys()].join(', ')}`);
    return pool;
  }

  private async run(functionId: string, pool: FunctionPool, event: unknown, requestId?: string): Promise<Invocation> {
    const invocation = await pool.invoke(event, requestId).catch((error: unknown) => ({
      requestId: 'none',
      durationMs: 0,
      coldStart: false,
      outcome: {
        ok: false as const,
        error: { errorType: 'Runtime.Error', errorMessage: error instanceof Error ? error.message : String(error) },
      },
    }));
    return this.tapped(functionId, event, invocation);
  }

  private tapped(functionId: string, event: unknown, invocation: Invocation): Invocation {
    for (const tap of this.taps) tap(functionId, event, invocation);
    return invocation;
  }

  /** Calls `tap` after every invocation, a throttled one included; answers how to stop. */
  observe(tap: InvocationTap): () => void {
    this.taps.add(tap);
    return () => this.taps.delete(tap);
  }

  /** Per function: its name, limits and instances alive (for the console). */
  describe() {
    return [...this.pools.values()].map((pool) => pool.describe());
  }

  /** Function instances alive now, across every function. */
  get instances(): number {
    return [...this.pools.values()].reduce((sum, pool) => sum + pool.instances, 0);
  }

  /** New code for every function; with EAGER warm containers, resolves once each has an instance of it. */
  reload(): Promise<void> {
    return this.whenWarm((pool) => pool.reload());
  }

  /** EAGER warm containers: an instance of every function started and through its init. */
  prewarm(): Promise<void> {
    return this.whenWarm((pool) => pool.prewarm());
  }

  private async whenWarm(start: (pool: FunctionPool) => Promise<FunctionError | undefined>): Promise<void> {
    await Promise.all(
      [...this.pools].map(async ([logicalId, pool]) => {
        const error = await start(pool);
        if (error)
          this.log.warn(
            `${logicalId} failed its init, started ahead of its calls (--warm-containers EAGER): ${error.errorType}: ${error.errorMessage}; its first call tries again`,
          );
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

/** ReservedConcurrentExecutions resolved: undefined when unset; 0 throttles every invocation, as in Lambda. */
function reservedConcurrency(functionId: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new Error(`${functionId}: ReservedConcurrentExecutions ${String(value)} is not a whole number of 0 or more`);
  return number;
}

/** Lambda's answer past the reserved concurrency: the function did not run. */
function throttledInvocation(): Invocation {
  return {
    requestId: randomUUID(),
    durationMs: 0,
    coldStart: false,
    throttled: true,
    outcome: { ok: false, error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' } },
  };
}

/** $LATEST and the alias SAM publishes (AutoPublishAlias, also from Globals): what a caller may qualify with. */
function qualifiersOf(app: Application, functionId: string, resolver: IntrinsicResolver): Set<string> {
  const properties = app.template.Resources[functionId]?.Properties ?? {};
  const alias = properties.AutoPublishAlias ?? (app.template.Globals?.Function ?? {}).AutoPublishAlias;
  return new Set(['$LATEST', ...(alias === undefined ? [] : [String(resolver.resolve(alias))])]);
}
