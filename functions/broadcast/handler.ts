import { errorResponse, jsonResponse, logger, withInvocationKeys } from '@comments-websocket/shared';
import type { ConnectionStore } from '@comments-websocket/shared';
import { type ConnectionSender, fanOut, readBroadcast } from '@comments-websocket/shared/broadcast';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export interface BroadcastDependencies {
  store: Pick<ConnectionStore, 'recipients' | 'removeConnection'>;
  sender: Pick<ConnectionSender, 'post'>;
  concurrency: number;
}

/** Time kept back from the function's timeout to finish in-flight sends and answer. */
const RESPONSE_RESERVE_MS = 2000;

export const createBroadcastHandler =
  ({ store, sender, concurrency }: BroadcastDependencies) =>
  async (event: APIGatewayProxyEvent, context: Context) => {
    withInvocationKeys({ route: `${event.httpMethod} ${event.resource}`, requestId: context.awsRequestId });
    try {
      const { message, payload } = readBroadcast(event);
      const report = await fanOut({
        recipients: store.recipients(message.topic),
        send: (connectionId) => sender.post(connectionId, payload),
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
