import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per execution environment; handlers add per-invocation keys with `withInvocationKeys`. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments-websocket' });

export function withInvocationKeys(keys: Record<string, string | number | undefined>): void {
  logger.resetKeys();
  logger.appendKeys(keys);
}
