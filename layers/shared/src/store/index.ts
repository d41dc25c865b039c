/**
 * `@comments-websocket/shared/store`: the DynamoDB side of the SDK — the connection store and
 * broadcast records — and the @connections client, in one module, so the SDK's shared core is
 * loaded once. The Lambda client is in `/invoke`: only the broadcast functions pay for it.
 */
export * from './dynamodb-connection-store';
export * from './document-client';
export * from './broadcast-records';
export * from './management-api';
