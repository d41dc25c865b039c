import { errorResponse, jsonResponse, requiredEnv, withInvocationKeys } from '@comments-websocket/shared';
import { BroadcastRecords, createDocumentClient } from '@comments-websocket/shared/store';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

const records = new BroadcastRecords(createDocumentClient(), requiredEnv('CONNECTIONS_TABLE'));

/** GET /broadcasts/{id}: the report of a broadcast that continued after its answer. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => {
  withInvocationKeys(context, { route: 'GET /broadcasts/{id}', apiRequestId: event.requestContext?.requestId });
  try {
    const broadcastId = event.pathParameters?.id ?? '';
    const record = /^[0-9a-f-]{36}$/.test(broadcastId) ? await records.get(broadcastId) : undefined;
    if (!record)
      return jsonResponse(404, { message: `No broadcast ${broadcastId.slice(0, 64)}; reports are kept for a day` });
    return jsonResponse(200, {
      ...record,
      message: record.complete ? 'Broadcast completed' : 'Broadcast in progress',
      connectionCount: record.recipients,
    });
  } catch (error) {
    return errorResponse(error);
  }
};
