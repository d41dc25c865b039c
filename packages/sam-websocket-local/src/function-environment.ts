import type { Application, FunctionSpec } from './template/application';
import type { IntrinsicResolver } from './template/intrinsics';
import { loggingSettings, loggingVariables } from './template/logging-config';
import {
  createResolver,
  FUNCTION_CREDENTIALS,
  functionName,
  type LocalDeployment,
  LOCAL_ACCOUNT_ID,
} from './resource-values';

/** Timeout and memory, resolved (they may be parameters). */
export function functionLimits(
  fn: FunctionSpec,
  resolver: IntrinsicResolver,
): { timeoutSeconds: number; memoryMb: number } {
  return { timeoutSeconds: Number(resolver.resolve(fn.timeout)), memoryMb: Number(resolver.resolve(fn.memorySize)) };
}

/**
 * The template's variables, resolved. A variable naming something the runtime does not emulate (a user pool, a
 * bucket, another stack's export) gets the logical id, as SAM CLI gives it, and `warn` says so: the function can
 * still start, and `--env-vars` gives it a real value. A variable set to `AWS::NoValue` is left out, as in Lambda.
 */
function templateVariables(
  fn: FunctionSpec,
  resolver: IntrinsicResolver,
  warn: (variable: string, message: string) => void,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    const lenient = resolver.withStandIns((what, standIn) => {
      warn(
        name,
        `${fn.logicalId}: ${name} refers to ${what}; it is "${standIn}" locally (give a value with -n/--env-vars)`,
      );
      return standIn;
    });
    const resolved = lenient.resolve(value);
    if (resolved !== undefined) variables[name] = String(resolved);
  }
  return variables;
}

/** The environment Lambda would give the function: the template's variables plus the runtime's own. */
export function functionEnvironment(
  app: Application,
  fn: FunctionSpec,
  resolver: IntrinsicResolver,
  deployment: LocalDeployment,
  warn: (variable: string, message: string) => void = () => {},
): Record<string, string> {
  const variables = templateVariables(fn, resolver, warn);
  const name = functionName(app, resolver, deployment, fn.logicalId);
  const logging = loggingSettings(fn, resolver);
  return {
    AWS_REGION: deployment.region,
    AWS_DEFAULT_REGION: deployment.region,
    AWS_ACCESS_KEY_ID: FUNCTION_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FUNCTION_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: deployment.dynamodbEndpoint,
    // The runtime serves Lambda's Invoke API on its own port, as `sam local start-lambda` does.
    AWS_ENDPOINT_URL_LAMBDA: `http://${deployment.host}:${deployment.port}`,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionLimits(fn, resolver).memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: logging.logGroup ?? `/aws/lambda/${name}`,
    ...loggingVariables(logging),
    // Every local environment starts on demand (Powertools' cold start reads this).
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    // The markers SAM CLI and serverless-offline set, which code tests to know it runs locally.
    AWS_SAM_LOCAL: 'true',
    IS_OFFLINE: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TZ: 'UTC',
    ...variables,
  };
}

/** A deployment for resolving the template when nothing runs: ports where nothing listens. */
export const DETACHED_DEPLOYMENT: LocalDeployment = {
  host: '127.0.0.1',
  port: 1,
  region: 'us-east-1',
  accountId: LOCAL_ACCOUNT_ID,
  stackName: 'local',
  dynamodbEndpoint: 'http://127.0.0.1:1',
};

/** Every function's environment, keyed by logical id, as template.yaml and the parameters define it. */
export function functionEnvironments(
  app: Application,
  parameters: Record<string, string>,
  deployment: LocalDeployment = DETACHED_DEPLOYMENT,
): Map<string, Record<string, string>> {
  const resolver = createResolver(app, parameters, deployment);
  return new Map(
    [...app.functions.values()].map((fn) => [fn.logicalId, functionEnvironment(app, fn, resolver, deployment)]),
  );
}
