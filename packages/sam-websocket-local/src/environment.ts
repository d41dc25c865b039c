import { createHash } from 'node:crypto';
import type { Application, FunctionSpec } from './template/application';
import { IntrinsicResolver, type LocalResolution } from './template/intrinsics';
import { loggingSettings, loggingVariables } from './template/logging-config';

/** Where the local stack lives; everything a template value can resolve to locally derives from this. */
export interface LocalFacts {
  host: string;
  port: number;
  region: string;
  accountId: string;
  stackName: string;
  dynamodbEndpoint: string;
}

/** The account every local ARN names. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** What the runtime gives every function as its credentials (Lambda gives each its role's). */
export const FUNCTION_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A stable, AWS-looking id (10 lowercase alphanumerics) for an API of the template. */
export function localApiId(logicalId: string): string {
  return createHash('sha256')
    .update(logicalId)
    .digest('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10)
    .padEnd(10, '0');
}

export function tableName(app: Application, resolver: IntrinsicResolver, logicalId: string): string {
  const name = app.tables.get(logicalId)?.properties.TableName;
  return name === undefined ? logicalId : String(resolver.resolve(name));
}

const API_TYPES = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::Api',
  'AWS::Serverless::WebSocketApi',
  'AWS::Serverless::HttpApi',
]);
const webSocketTypes = new Set(['AWS::ApiGatewayV2::Api', 'AWS::Serverless::WebSocketApi']);

export function createResolver(
  app: Application,
  parameters: Record<string, string>,
  facts: LocalFacts,
): IntrinsicResolver {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${facts.region}:${facts.accountId}:${resource}`;
  const local: LocalResolution = {
    parameters,
    pseudo: {
      'AWS::Region': facts.region,
      'AWS::AccountId': facts.accountId,
      'AWS::Partition': 'aws',
      'AWS::StackName': facts.stackName,
      'AWS::StackId': arn('cloudformation', `stack/${facts.stackName}/local`),
      'AWS::URLSuffix': 'amazonaws.com',
    },
    ref: (id) => {
      // The APIs SAM makes for events that name none.
      if (id === 'ServerlessRestApi' || id === 'ServerlessHttpApi') return localApiId(id);
      const type = app.template.Resources[id]?.Type;
      if (type === 'AWS::DynamoDB::Table' || type === 'AWS::Serverless::SimpleTable')
        return tableName(app, resolver, id);
      if (type && API_TYPES.has(type)) return localApiId(id);
      if (app.functions.has(id)) return functionName(app, resolver, facts, id);
      if (type === 'AWS::Serverless::LayerVersion') return arn('lambda', `layer:${facts.stackName}-${id}:1`);
      if (type === 'AWS::Logs::LogGroup') return logGroupName(app, resolver, facts, id);
      return undefined;
    },
    getAtt: (id, attribute) => {
      const type = app.template.Resources[id]?.Type;
      if ((type === 'AWS::DynamoDB::Table' || type === 'AWS::Serverless::SimpleTable') && attribute === 'Arn')
        return arn('dynamodb', `table/${tableName(app, resolver, id)}`);
      // Locally every API and the @connections API share the runtime's one port.
      if (type && API_TYPES.has(type) && attribute === 'ApiEndpoint')
        return `${webSocketTypes.has(type) ? 'ws' : 'http'}://${facts.host}:${facts.port}`;
      if (type && API_TYPES.has(type) && attribute === 'ApiId') return localApiId(id);
      if (app.functions.has(id) && attribute === 'Arn')
        return arn('lambda', `function:${functionName(app, resolver, facts, id)}`);
      // CloudFormation's Arn of a log group ends in `:*`.
      if (type === 'AWS::Logs::LogGroup' && attribute === 'Arn')
        return arn('logs', `log-group:${logGroupName(app, resolver, facts, id)}:*`);
      return undefined;
    },
  };
  // The closures above run only after this line, when resolving.
  const resolver = new IntrinsicResolver(app.template, local);
  return resolver;
}

/** A log group's LogGroupName, else a CloudFormation-like generated `<stack>-<LogicalId>`. */
function logGroupName(app: Application, resolver: IntrinsicResolver, facts: LocalFacts, logicalId: string): string {
  const given = app.template.Resources[logicalId]?.Properties?.LogGroupName;
  return given === undefined ? `${facts.stackName}-${logicalId}` : String(resolver.resolve(given));
}

/** The function's FunctionName when the template sets one, else a CloudFormation-like `<stack>-<LogicalId>`. */
export function functionName(
  app: Application,
  resolver: IntrinsicResolver,
  facts: LocalFacts,
  logicalId: string,
): string {
  const given = app.functions.get(logicalId)?.functionName;
  return given === undefined ? `${facts.stackName}-${logicalId}` : String(resolver.resolve(given));
}

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
  facts: LocalFacts,
  warn: (variable: string, message: string) => void = () => {},
): Record<string, string> {
  const variables = templateVariables(fn, resolver, warn);
  const name = functionName(app, resolver, facts, fn.logicalId);
  const logging = loggingSettings(fn, resolver);
  return {
    AWS_REGION: facts.region,
    AWS_DEFAULT_REGION: facts.region,
    AWS_ACCESS_KEY_ID: FUNCTION_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FUNCTION_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: facts.dynamodbEndpoint,
    // The runtime serves Lambda's Invoke API on its own port, as `sam local start-lambda` does.
    AWS_ENDPOINT_URL_LAMBDA: `http://${facts.host}:${facts.port}`,
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

/** Facts for resolving the template when nothing runs: ports where nothing listens. */
export const DETACHED_FACTS: LocalFacts = {
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
  facts: LocalFacts = DETACHED_FACTS,
): Map<string, Record<string, string>> {
  const resolver = createResolver(app, parameters, facts);
  return new Map(
    [...app.functions.values()].map((fn) => [fn.logicalId, functionEnvironment(app, fn, resolver, facts)]),
  );
}
