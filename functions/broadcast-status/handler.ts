import { errorResponse, jsonResponse, logger, withInvocationKeys } from '@comments-websocket/shared';
import { type BroadcastRecords, summarize } from '@comments-websocket/shared/store';
import { type PartInvoker, resumeStuckParts } from '@comments-websocket/shared/invoke';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export interface StatusDependencies {
  records: Pick<BroadcastRecords, 'read'>;
  invoker: Pick<PartInvoker, 'continueLater'>;
}

const BROADCAST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * GET /broadcasts/{id}: the report of a broadcast, its parts added up. Reading it also watches it:
 * a part whose invocation is gone without a word (its lease ran out) is resumed.
 */
export const createStatusHandler =
  ({ records, invoker }: StatusDependencies) =>
  async (event: APIGatewayProxyEvent, context: Context) => {
    withInvocationKeys(context, { route: 'GET /broadcasts/{id}', apiRequestId: event.requestContext?.requestId });
    try {
      const broadcastId = event.pathParameters?.id ?? '';
      const record = BROADCAST_ID.test(broadcastId) ? await records.read(broadcastId) : undefined;
      if (!record)
        return jsonResponse(404, { message: `No broadcast ${broadcastId.slice(0, 64)}; reports are kept for a day` });
      const summary = summarize(record.header, record.parts);
      const resumed = summary.complete ? 0 : await resumeStuckParts(invoker, record.header, record.parts);
      if (resumed > 0) logger.info('stuck parts resumed', { broadcastId, resumed });
      return jsonResponse(200, {
        ...summary,
        message: summary.complete ? 'Broadcast completed' : 'Broadcast in progress',
        connectionCount: summary.recipients,
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
