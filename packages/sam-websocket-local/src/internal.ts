/**
 * The runtime's parts this repository's app uses as tools (its template tests read the template as the
 * runtime does; the benchmark builds and starts stores itself). Not in the package's `exports`, not
 * bundled: the app reaches it as `sam-websocket-local/internal` through the workspace's path mapping.
 */
export { CLI_COMMAND } from './runtime-process';
export { format } from './runtime/log';
export { AWS_LIMITS } from './runtime/gateway/limits';
export { readParametersFile } from './project/parameters-file';
export { parseParameterOverrides } from './project/parameter-overrides';
export { readTemplate, type Template } from './template/cfn-yaml';
export { readApplication, referencedIds, functionForEvent, type Application } from './template/application';
export { parameterValues } from './template/intrinsics';
export { ruleViolations } from './template/rules';
export { functionEnvironment, functionEnvironments, DETACHED_DEPLOYMENT } from './function-environment';
export { createResolver, type LocalDeployment } from './resource-values';
export { buildAll, defaultLayout } from './build/build';
export { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './store/embedded-dynamodb';
export { ensureTables } from './store/tables';
export { verifySigV4, NodeSha256 } from './runtime/gateway/sigv4-verifier';
export { selectRouteKey } from './runtime/gateway/route-selection';
