/**
 * `@comments-websocket/shared/store`: AWS without the SDK — the connection store and broadcast
 * records over DynamoDB's JSON protocol, and the signed requests, endpoints and retries that
 * `/invoke` reuses for Lambda's Invoke — in one module, so aws4 and the agents are loaded once.
 */
export { DynamoDbConnectionStore, type DynamoDbConnectionStoreOptions } from './dynamodb-connection-store';
export { connectionStoreFromEnvironment } from './connection-store-from-environment';
export { createDocuments } from './lean-documents';
export type { Documents } from './documents';
export { AwsServiceError, AwsServiceError as DynamoDbError } from './aws-service-error';
export { AwsHttp, serviceEndpoint, withRetries } from './aws-http';
export { signRequest } from './sign-request';
export {
  type BroadcastHeader,
  type BroadcastRecord,
  BroadcastRecords,
  OwnershipLostError,
  type PartState,
  RECORD_TTL_SECONDS,
  summarize,
} from './broadcast-records';
