/**
 * `@comments-websocket/shared/store`: the DynamoDB side of the SDK — the connection store and
 * broadcast records — and the @connections client, in one file, so the SDK's shared core is loaded
 * once. The Lambda client is in `/invoke`: only the broadcast functions pay for it.
 */
export * from './store/dynamodb-connection-store';
export * from './store/document-client';
export * from './store/broadcast-records';
export * from './fanout/management-api';
