/**
 * `@comments-websocket/shared/store`: the DynamoDB side of the SDK — the connection store and
 * broadcast records — in one module, so the SDK's shared core is
 * loaded once. The Lambda client is in `/invoke`: only the broadcast functions pay for it.
 */
export { DynamoDbConnectionStore, type DynamoDbConnectionStoreOptions } from './dynamodb-connection-store';
export { connectionStoreFromEnvironment } from './connection-store-from-environment';
export { createDocuments } from './lean-documents';
export type { Documents } from './documents';
export { DynamoDbError } from './dynamodb-error';
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
