import type { FunctionSpec } from './function-spec';
import type { IntrinsicResolver } from './intrinsics';

/** A function's LoggingConfig, resolved and checked against the values Lambda accepts. */
export interface LoggingSettings {
  logFormat: 'Text' | 'JSON';
  applicationLogLevel?: string;
  systemLogLevel?: string;
  /** LoggingConfig.LogGroup, else Lambda's `/aws/lambda/<name>`. */
  logGroup?: string;
}

const FORMATS = ['Text', 'JSON'];
const APPLICATION_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SYSTEM_LEVELS = ['DEBUG', 'INFO', 'WARN'];

/**
 * Reads LoggingConfig as Lambda does: levels only with the JSON format (Lambda refuses them with Text);
 * a value Lambda would refuse stops the start with a message naming the function and the property.
 */
export function loggingSettings(fn: FunctionSpec, resolver: IntrinsicResolver): LoggingSettings {
  const written = fn.loggingConfig ?? {};
  const value = (name: string) => (written[name] === undefined ? undefined : String(resolver.resolve(written[name])));
  const logFormat = value('LogFormat') ?? 'Text';
  const applicationLogLevel = value('ApplicationLogLevel');
  const systemLogLevel = value('SystemLogLevel');
  const check = (name: string, given: string | undefined, allowed: string[]) => {
    if (given !== undefined && !allowed.includes(given))
      throw new Error(`${fn.logicalId} LoggingConfig: ${name} ${given} is not one of ${allowed.join(', ')}`);
  };
  check('LogFormat', logFormat, FORMATS);
  check('ApplicationLogLevel', applicationLogLevel, APPLICATION_LEVELS);
  check('SystemLogLevel', systemLogLevel, SYSTEM_LEVELS);
  if (logFormat !== 'JSON' && (applicationLogLevel ?? systemLogLevel) !== undefined)
    throw new Error(
      `${fn.logicalId} LoggingConfig: ApplicationLogLevel and SystemLogLevel need LogFormat JSON (Lambda refuses them with Text)`,
    );
  return { logFormat: logFormat as 'Text' | 'JSON', applicationLogLevel, systemLogLevel, logGroup: value('LogGroup') };
}

/** The variables Lambda sets from LoggingConfig, which Powertools and the Node runtime read. */
export function loggingVariables(settings: LoggingSettings): Record<string, string> {
  return {
    AWS_LAMBDA_LOG_FORMAT: settings.logFormat,
    ...(settings.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: settings.applicationLogLevel } : {}),
  };
}
