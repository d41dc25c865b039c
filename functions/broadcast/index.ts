import { errorResponse, jsonResponse, logger, numberEnv, requiredEnv, withInvocationKeys } from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient, createManagementClient, postToConnection } from '@comments-websocket/shared/store';
import { fanOut, readBroadcast } from '@comments-websocket/shared/broadcast';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

const concurrency = numberEnv('FANOUT_CONCURRENCY', 64);
const store = new DynamoDbConnectionStore({ client: createDocumentClient(), tableName: requiredEnv('CONNECTIONS_TABLE') });
const management = createManagementClient(requiredEnv('WEBSOCKET_ENDPOINT'), concurrency);

/** Time kept back from the function's timeout to finish in-flight sends and answer. */
const RESPONSE_RESERVE_MS = 2000;

export const handler = async (event: APIGatewayProxyEvent, context: Context) => {
  withInvocationKeys({ route: `${event.httpMethod} ${event.resource}`, requestId: context.awsRequestId });
  try {
    const { message, payload } = readBroadcast(event);
    const report = await fanOut({
      recipients: store.recipients(message.topic),
      send: (connectionId) => postToConnection(management, connectionId, payload).then(() => undefined),
      removeStale: (connectionId) => store.removeConnection(connectionId),
      concurrency,
      deadline: Date.now() + context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS,
      onError: (connectionId, error) => logger.warn('send failed', { recipient: connectionId, error: error as Error }),
    });
    logger.info('broadcast', { type: message.type, topic: message.topic, ...report });
    return jsonResponse(200, {
      message: report.complete ? 'Broadcast completed' : 'Broadcast incomplete: the time limit was reached',
      connectionCount: report.recipients,
      topic: message.topic ?? null,
      ...report,
    });
  } catch (error) {
    return errorResponse(error);
  }
};
