import { type LocalFacts, functionEnvironment, functionLimits } from '../../environment';
import type { Application } from '../../template/application';
import type { IntrinsicResolver } from '../../template/intrinsics';
import type { InvocationTap } from '../console/taps';
import type { RuntimeLog } from '../log';
import { codeLocation } from './code-location';
import { codeWarnings } from './code-warnings';
import { FunctionPool, type Invocation } from './function-pool';
import { functionNameOf } from './invoke-api';

export interface FunctionPoolsOptions {
  app: Application;
  resolver: IntrinsicResolver;
  facts: LocalFacts;
  root: string;
  buildDir: string;
  maxInstancesPerFunction: number;
  log: RuntimeLog;
  idleRetireMs?: number;
  /** Variables for every function after the template's (a log level, test settings). */
  extraEnvironment: Record<string, string>;
  /** Per function (by logical id), after everything else: SAM CLI's --env-vars. */
  functionVariables?: Record<string, Record<string, string>>;
  output: NodeJS.WritableStream;
  /** A debugger may hold an invocation at a breakpoint: stop none before an hour (its deadline stays the template's). */
  debugging?: boolean;
}

/** Every function of the template as a pool of Lambda-like instances, found by logical id or by name. */
export class FunctionPools {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly byName = new Map<string, string>();
  private readonly taps = new Set<InvocationTap>();

  constructor(options: FunctionPoolsOptions) {
    const { app, resolver, facts } = options;
    const redirect = { runtime: `${facts.host}:${facts.port}`, dynamodb: new URL(facts.dynamodbEndpoint).host };
    for (const fn of app.functions.values()) {
      const location = codeLocation(app, fn, options);
      // Named at start-up; its invocations answer with the same reason.
      if (location.language === 'none') options.log.warn(`${fn.logicalId} will not run locally: ${location.reason}`);
      else for (const warning of codeWarnings(app, fn, resolver, options)) options.log.warn(warning);
      const given = { ...options.extraEnvironment, ...options.functionVariables?.[fn.logicalId] };
      const environment = {
        ...functionEnvironment(app, fn, resolver, facts, (variable, message) => {
          if (!(variable in given)) options.log.warn(message);
        }),
        ...given,
      };
      const { timeoutSeconds, memoryMb } = functionLimits(fn, resolver);
      const functionName = environment.AWS_LAMBDA_FUNCTION_NAME!;
      this.byName.set(functionName, fn.logicalId);
      this.pools.set(
        fn.logicalId,
        new FunctionPool({
          logicalId: fn.logicalId,
          functionName,
          arn: String(resolver.resolve({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] })),
          timeoutSeconds,
          memoryMb,
          maxInstances: options.maxInstancesPerFunction,
          idleRetireMs: options.idleRetireMs,
          stopAfterMs: options.debugging ? Math.max(3_600_000, timeoutSeconds * 1000) : undefined,
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

  /** The logical id of a function named by logical id, name or ARN. */
  resolve(reference: string): string | undefined {
    if (this.pools.has(reference)) return reference;
    return this.byName.get(functionNameOf(reference));
  }

  /** Never rejects: a failure to start an instance is the invocation's error, as Lambda reports it. */
  invoke = async (functionId: string, event: unknown): Promise<Invocation> => {
    const pool = this.pools.get(functionId);
    if (!pool)
      throw new Error(`No function ${functionId} in the template; it has ${[...this.pools.keys()].join(', ')}`);
    const invocation = await pool.invoke(event).catch((error: unknown) => ({
      requestId: 'none',
      durationMs: 0,
      coldStart: false,
      outcome: {
        ok: false as const,
        error: { errorType: 'Runtime.Error', errorMessage: error instanceof Error ? error.message : String(error) },
      },
    }));
    for (const tap of this.taps) tap(functionId, event, invocation);
    return invocation;
  };

  /** Calls `tap` after every invocation; answers how to stop. */
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

  reload(): void {
    for (const pool of this.pools.values()) pool.reload();
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}
