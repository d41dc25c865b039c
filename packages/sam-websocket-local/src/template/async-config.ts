import type { Application } from './application';
import type { IntrinsicResolver } from './intrinsics';
import { referencedIds } from './references';

/** How Lambda handles a function's asynchronous invocations (its EventInvokeConfig), resolved. */
export interface AsyncInvokeConfig {
  /** Retries after a failed attempt: 0–2, Lambda's default 2. */
  maximumRetryAttempts: number;
  /** An event older than this when its turn comes is dropped: 60–21600 s, Lambda's default 21600 (6 h). */
  maximumEventAgeSeconds: number;
  /** Logical ids of the functions that get the invocation record. */
  onSuccess?: string;
  onFailure?: string;
}

export const DEFAULT_ASYNC_CONFIG: AsyncInvokeConfig = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 };

interface WrittenConfig {
  MaximumRetryAttempts?: unknown;
  MaximumEventAgeInSeconds?: unknown;
  DestinationConfig?: { OnSuccess?: WrittenDestination; OnFailure?: WrittenDestination };
}
interface WrittenDestination {
  Type?: unknown;
  Destination?: unknown;
}

/** Destination services other than Lambda, by the resource type or ARN service that names them. */
const OTHER_DESTINATIONS: Record<string, string> = {
  'AWS::SQS::Queue': 'SQS',
  'AWS::SNS::Topic': 'SNS',
  'AWS::Events::EventBus': 'EventBridge',
  'AWS::S3::Bucket': 'S3',
  'AWS::Serverless::Function': 'Lambda',
  'AWS::Lambda::Function': 'Lambda',
  sqs: 'SQS',
  sns: 'SNS',
  events: 'EventBridge',
  s3: 'S3',
  lambda: 'Lambda',
};

/**
 * Every function's asynchronous-invocation settings, from SAM's `EventInvokeConfig` property and from
 * plain `AWS::Lambda::EventInvokeConfig` resources, checked as Lambda checks them. A value out of range,
 * a destination that is not a function of this template, or a config for a function or qualifier that
 * is not here stops the start: each problem is one line naming the resource.
 */
export function asyncInvokeConfigs(app: Application, resolver: IntrinsicResolver): Map<string, AsyncInvokeConfig> {
  const byName = functionsByName(app, resolver);
  const problems: string[] = [];
  const configs = new Map<string, AsyncInvokeConfig>();
  const read = (where: string, functionId: string, written: WrittenConfig) => {
    const config = readConfig(app, where, written, resolver, byName, problems);
    if (config) configs.set(functionId, config);
  };
  for (const [id, resource] of Object.entries(app.template.Resources)) {
    if (resource.Type === 'AWS::Serverless::Function') {
      const globals = (app.template.Globals?.Function ?? {}) as { EventInvokeConfig?: WrittenConfig };
      const written = resource.Properties?.EventInvokeConfig ?? globals.EventInvokeConfig;
      if (written) read(`${id} EventInvokeConfig`, id, written as WrittenConfig);
    }
    if (resource.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const properties = (resource.Properties ?? {}) as WrittenConfig & { FunctionName?: unknown; Qualifier?: unknown };
    const functionId = functionOf(properties.FunctionName, resolver, byName);
    const qualifier = String(resolver.resolve(properties.Qualifier ?? '$LATEST'));
    if (!functionId) problems.push(`${id}: FunctionName names no function of this template`);
    else if (qualifier !== '$LATEST')
      problems.push(
        `${id}: Qualifier ${qualifier} (only $LATEST is emulated: the runtime runs no versions or aliases)`,
      );
    else read(id, functionId, properties);
  }
  if (problems.length > 0)
    throw new Error(`The template's asynchronous-invocation settings cannot be emulated:\n  ${problems.join('\n  ')}`);
  return configs;
}

function readConfig(
  app: Application,
  where: string,
  written: WrittenConfig,
  resolver: IntrinsicResolver,
  byName: Map<string, string>,
  problems: string[],
): AsyncInvokeConfig | undefined {
  const count = problems.length;
  const retries = numberIn(where, 'MaximumRetryAttempts', written.MaximumRetryAttempts, [0, 2], resolver, problems);
  const age = numberIn(
    where,
    'MaximumEventAgeInSeconds',
    written.MaximumEventAgeInSeconds,
    [60, 21600],
    resolver,
    problems,
  );
  const destinations = written.DestinationConfig ?? {};
  const onSuccess = destination(app, `${where} OnSuccess`, destinations.OnSuccess, resolver, byName, problems);
  const onFailure = destination(app, `${where} OnFailure`, destinations.OnFailure, resolver, byName, problems);
  if (problems.length > count) return undefined;
  return {
    maximumRetryAttempts: retries ?? DEFAULT_ASYNC_CONFIG.maximumRetryAttempts,
    maximumEventAgeSeconds: age ?? DEFAULT_ASYNC_CONFIG.maximumEventAgeSeconds,
    onSuccess,
    onFailure,
  };
}

function numberIn(
  where: string,
  name: string,
  value: unknown,
  [min, max]: [number, number],
  resolver: IntrinsicResolver,
  problems: string[],
): number | undefined {
  if (value === undefined) return undefined;
  const resolved = resolver.resolve(value);
  const number = Number(resolved);
  if (!Number.isInteger(number) || number < min || number > max) {
    problems.push(`${where}: ${name} ${String(resolved)} is not an integer from ${min} to ${max}`);
    return undefined;
  }
  return number;
}

/** The logical id of a Lambda destination of this template, or undefined (with the problem said). */
function destination(
  app: Application,
  where: string,
  written: WrittenDestination | undefined,
  resolver: IntrinsicResolver,
  byName: Map<string, string>,
  problems: string[],
): string | undefined {
  if (!written) return undefined;
  const declared = written.Type === undefined ? undefined : String(written.Type);
  const referenced = referencedIds(written.Destination).map((id) => app.template.Resources[id]?.Type ?? '');
  const service = destinationService(declared, referenced, written.Destination, resolver);
  if (service !== 'Lambda') {
    problems.push(`${where}: destination type ${service} is not emulated (Lambda functions of this template are)`);
    return undefined;
  }
  const functionId = functionOf(written.Destination, resolver, byName);
  if (!functionId) problems.push(`${where}: the Lambda destination names no function of this template`);
  return functionId;
}

function destinationService(
  declared: string | undefined,
  referencedTypes: string[],
  value: unknown,
  resolver: IntrinsicResolver,
): string {
  if (declared !== undefined) return declared === 'S3Bucket' ? 'S3' : declared;
  const byType = referencedTypes.map((type) => OTHER_DESTINATIONS[type]).find(Boolean);
  if (byType) return byType;
  const text = safeString(value, resolver);
  const service = /^arn:[^:]+:([^:]+):/.exec(text ?? '')?.[1];
  return service ? (OTHER_DESTINATIONS[service] ?? service) : 'Lambda';
}

/** The logical id of the function a value names: Ref, GetAtt Arn, a name, or an ARN (any qualifier). */
export function functionOf(
  value: unknown,
  resolver: IntrinsicResolver,
  byName: Map<string, string>,
): string | undefined {
  const ids = new Set(byName.values());
  const node = (value ?? {}) as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  const getAtt = Array.isArray(node['Fn::GetAtt']) ? (node['Fn::GetAtt'] as unknown[]) : [];
  const direct = typeof node.Ref === 'string' ? node.Ref : getAtt[1] === 'Arn' ? String(getAtt[0]) : undefined;
  if (direct !== undefined && ids.has(direct)) return direct;
  const text = safeString(value, resolver);
  if (text === undefined) return undefined;
  const name = /(?:^|:)function:([^:]+)/.exec(text)?.[1] ?? text.split(':')[0]!;
  return byName.get(name) ?? (ids.has(name) ? name : undefined);
}

/** Each function's name (FunctionName, or the runtime's own) → its logical id. */
export function functionsByName(app: Application, resolver: IntrinsicResolver): Map<string, string> {
  return new Map([...app.functions.keys()].map((id) => [String(resolver.resolve({ Ref: id })), id]));
}

function safeString(value: unknown, resolver: IntrinsicResolver): string | undefined {
  try {
    const resolved = resolver.resolve(value);
    return typeof resolved === 'string' ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Functions with a dead-letter queue (SAM's DeadLetterQueue, Lambda's DeadLetterConfig): the queue is
 * not emulated, so an event that fails every attempt is logged (and goes to an OnFailure destination
 * of the template) but reaches no queue. Said at start, once per function.
 */
export function deadLetterNotices(app: Application): string[] {
  const globals = (app.template.Globals?.Function ?? {}) as Record<string, unknown>;
  return [...app.functions.keys()].flatMap((id) => {
    const resource = app.template.Resources[id]!;
    const properties = resource.Properties ?? {};
    const sam = resource.Type === 'AWS::Serverless::Function';
    const dlq = sam ? (properties.DeadLetterQueue ?? globals.DeadLetterQueue) : properties.DeadLetterConfig;
    return dlq === undefined
      ? []
      : [
          `${id}: its dead-letter queue is not emulated; asynchronous events that fail every attempt are logged (and sent to an OnFailure destination of this template), not queued`,
        ];
  });
}
