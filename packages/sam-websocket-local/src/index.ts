/**
 * sam-websocket-local: an AWS SAM project's WebSocket API, REST routes, tables and functions,
 * offline, from the unchanged template. This file is the package's only way in.
 */
export { startLocalStack, type LocalStack, type LocalStackOptions } from './runtime/local-stack';
export type { CrashOrder } from './runtime/lambda/crash-plan';
export { AWS_LIMITS, type GatewayLimits } from './runtime/gateway/limits';
export { consoleLog, format, silentLog, type RuntimeLog } from './runtime/log';
export {
  startRuntimeProcess,
  CLI_COMMAND,
  type RuntimeProcess,
  type RuntimeProcessOptions,
  type ReadyLine,
} from './runtime-process';

// Reading a project the way the runtime does: template, parameters, what each function gets.
export { readProject, type Project, type ProjectOptions } from './project/project';
export { findTemplate } from './project/find-template';
export { readParametersFile } from './project/parameters-file';
export { readSamConfig } from './project/samconfig';
export { parseParameterOverrides } from './project/parameter-overrides';
export { readTemplate, parseTemplate, type Template, type TemplateResource } from './template/cfn-yaml';
export {
  readApplication,
  referencedIds,
  functionForEvent,
  type Application,
  type FunctionSpec,
} from './template/application';
export { parameterValues, IntrinsicResolver } from './template/intrinsics';
export { ruleViolations } from './template/rules';
export {
  createResolver,
  functionEnvironment,
  functionEnvironments,
  DETACHED_FACTS,
  FUNCTION_CREDENTIALS,
  type LocalFacts,
} from './environment';

// Parts useful on their own.
export { buildAll, defaultLayout, type BuildLayout } from './build/build';
export { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './store/embedded-dynamodb';
export { ensureTables } from './store/tables';
export { verifySigV4, NodeSha256, type LocalCredentials } from './runtime/gateway/sigv4-verifier';
export { selectRouteKey } from './runtime/gateway/route-selection';
