import { settings } from '../core';
import { createDocuments } from './lean-documents';
import { DynamoDbConnectionStore } from './dynamodb-connection-store';

/**
 * The connection store a WebSocket route function builds once per environment, from the template's
 * settings; a route that stores subscriptions asks for their limit (`subscribe` refuses without one).
 */
export function connectionStoreFromEnvironment({ subscriptions = false, shards = false } = {}) {
  return new DynamoDbConnectionStore({
    documents: createDocuments(),
    tableName: settings.connectionsTable(),
    maxSubscriptions: subscriptions ? settings.maxSubscriptions() : undefined,
    shards: shards ? settings.indexShards() : undefined,
  });
}
