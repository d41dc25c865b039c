/**
 * `@comments-websocket/shared/lambda`: the SDK's Lambda client, an entry of its own so that it is
 * loaded only when a broadcast is first split or handed on (FanoutWorkers requires it then). A
 * small broadcast never needs it, and it is a second copy of the SDK's core to parse at a cold start.
 */
export { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
