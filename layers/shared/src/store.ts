/**
 * `@comments-websocket/shared/store`: everything that loads the AWS SDK — the connection store and
 * broadcast records on DynamoDB, the @connections client, the fan-out workers' Lambda client — in
 * one file, so the SDK's shared core is loaded once.
 */
export * from './store/dynamodb-connection-store';
export * from './store/document-client';
export * from './store/broadcast-records';
export * from './fanout/management-api';
export * from './invoke/fanout-workers';
