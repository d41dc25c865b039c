import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { withInvocationKeys } from '../logging/logger';
import { withMetrics } from '../logging/metrics';
import type { WebSocketEvent } from './event';
import { errorReply } from './replies';

/** What API Gateway reads from a WebSocket route's integration: the body is the reply on two-way routes. */
export interface RouteResult {
  statusCode: number;
  body?: string;
}

type RouteHandler<Result> = (event: WebSocketEvent, context?: Context) => Promise<Result>;

/**
 * A WebSocket route's handler: metrics, the invocation's log keys (route, connection, API request id),
 * and one failure mapping around `answer`: an error reply to the client unless `onFailure` says otherwise.
 */
export function webSocketRoute(
  route: string,
  answer: (event: WebSocketEvent) => Promise<APIGatewayProxyResult>,
): RouteHandler<APIGatewayProxyResult>;
export function webSocketRoute<Result extends RouteResult>(
  route: string,
  answer: (event: WebSocketEvent) => Promise<Result>,
  onFailure: (error: unknown) => Result,
): RouteHandler<Result>;
export function webSocketRoute(
  route: string,
  answer: (event: WebSocketEvent) => Promise<RouteResult>,
  onFailure: (error: unknown) => RouteResult = errorReply,
): RouteHandler<RouteResult> {
  return withMetrics(async (event: WebSocketEvent, context?: Context) => {
    const { connectionId, requestId } = event.requestContext;
    withInvocationKeys(context, { route, connectionId, apiRequestId: requestId });
    try {
      return await answer(event);
    } catch (error) {
      return onFailure(error);
    }
  });
}
