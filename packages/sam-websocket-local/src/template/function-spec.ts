import type { Template } from './cfn-yaml';
import type { HttpEvent } from './http-events';

/** What the template says about each part, read once; nothing here is declared anywhere else. */
export interface FunctionSpec {
  logicalId: string;
  handler: string;
  codeUri: string;
  /** InlineCode: the function's whole source, as CloudFormation writes it to index.js / index.py. */
  inlineCode?: string;
  /** Zip (code folder or inline) or Image (not emulated). */
  packageType: string;
  /** Why the code cannot run here at all (code in S3), when it cannot. */
  unavailable?: string;
  runtime: string;
  /** Timeout, MemorySize and FunctionName as written: they may refer to parameters. */
  timeout: unknown;
  memorySize: unknown;
  functionName?: unknown;
  /** ReservedConcurrentExecutions as written: a cap on the function's concurrent instances. */
  reservedConcurrency?: unknown;
  /** LoggingConfig as written (LogFormat, ApplicationLogLevel, SystemLogLevel, LogGroup). */
  loggingConfig?: Record<string, unknown>;
  /** The template's own layers (logical ids) the function names. */
  layers: string[];
  /** Every entry of Layers as written: the others name layers published elsewhere, which are not here. */
  layerValues: unknown[];
  /** Globals and function variables merged, still unresolved (intrinsics intact). */
  environment: Record<string, unknown>;
  buildMethod?: string;
  buildProperties: Record<string, unknown>;
  restEvents: RestEvent[];
  httpEvents: HttpEvent[];
}

export interface RestEvent {
  name: string;
  functionId: string;
  method: string;
  path: string;
  restApiId?: string;
  /** AWS_IAM, NONE, or an authorizer name. */
  authorizer: string;
  /** Auth.ApiKeyRequired: callers must send x-api-key. */
  apiKeyRequired: boolean;
}

/** The resource types the runtime runs as functions: SAM's, and plain CloudFormation ones. */
export const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

export const isFunction = (template: Template, logicalId: string): boolean =>
  FUNCTION_TYPES.has(template.Resources[logicalId]?.Type ?? '');
