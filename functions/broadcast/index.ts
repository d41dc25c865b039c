import { numberEnv, requiredEnv } from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { createConnectionSender } from '@comments-websocket/shared/broadcast';
import { createBroadcastHandler } from './handler';

const concurrency = numberEnv('FANOUT_CONCURRENCY', 64);

export const handler = createBroadcastHandler({
  store: new DynamoDbConnectionStore({ client: createDocumentClient(), tableName: requiredEnv('CONNECTIONS_TABLE') }),
  sender: createConnectionSender({ endpoint: requiredEnv('WEBSOCKET_ENDPOINT'), maxSockets: concurrency }),
  concurrency,
});
