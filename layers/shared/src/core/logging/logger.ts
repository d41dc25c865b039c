import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** One logger per execution environment; handlers add per-invocation keys with `withInvocationKeys`. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments-websocket' });

/**
 * Every line of this invocation carries the Lambda context (cold_start, function_request_id, …)
 * and these keys. The API Gateway request id is `apiRequestId`, never `requestId`: the two ids
 * are different things and a search must not mix them up.
 */
export function withInvocationKeys(
  context: Context | undefined,
  keys: { route: string; apiRequestId?: string; connectionId?: string; broadcastId?: string; part?: number },
): void {
  logger.resetKeys();
  if (context) logger.addContext(context);
  logger.appendKeys(keys);
}
