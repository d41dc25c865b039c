/**
 * `@comments-websocket/shared/store`: everything that loads the AWS SDK — the connection store on
 * DynamoDB and the @connections client — in one file, so the SDK's shared core is loaded once.
 */
export * from './store/dynamodb-connection-store';
export * from './store/document-client';
export * from './fanout/management-api';
