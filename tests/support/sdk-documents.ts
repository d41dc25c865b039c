import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Documents } from '@comments-websocket/shared/store';

/**
 * The store's operations through the SDK's document client: what unit tests mock with
 * aws-sdk-client-mock, and what integration tests read the runtime's store with.
 */
export const sdkDocuments = (client: DynamoDBDocumentClient): Documents => ({
  get: (input) => client.send(new GetCommand(input)),
  put: (input) => client.send(new PutCommand(input)),
  update: (input) => client.send(new UpdateCommand(input)),
  delete: (input) => client.send(new DeleteCommand(input)),
  query: (input) => client.send(new QueryCommand(input)),
  scan: (input) => client.send(new ScanCommand(input)),
  batchWrite: (input) => client.send(new BatchWriteCommand(input)),
});

/** A document client of its own for unit tests: `mockClient(DynamoDBDocumentClient)` answers for it. */
export const mockableDocuments = () => sdkDocuments(DynamoDBDocumentClient.from(new DynamoDBClient({})));
