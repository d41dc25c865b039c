/**
 * sam-websocket-local: an AWS SAM project's WebSocket API, REST routes, tables and functions,
 * offline, from the unchanged template. This file is the package's only way in: what a user needs to
 * start a local stack in-process or as a process of its own, and the types its options name.
 */
export { startLocalStack, type LocalStack, type LocalStackOptions } from './runtime/local-stack';
export {
  startRuntimeProcess,
  type RuntimeProcess,
  type RuntimeProcessOptions,
  type ReadyLine,
} from './runtime-process';
export { consoleLog, silentLog, type RuntimeLog, type LogFields } from './runtime/log';

// Types that LocalStackOptions' fields name, so a caller can spell them.
export type { ProjectOptions } from './project/project';
export type { GatewayLimits } from './runtime/gateway/limits';
export type { ThrottleSettings } from './runtime/gateway/account-throttle';
export type { LocalCredentials } from './runtime/gateway/sigv4-verifier';
export type { CrashOrder } from './runtime/lambda/crash-plan';
export type { InvocationTap } from './runtime/console/taps';
