import { numberEnv, requiredEnv } from './config';

/**
 * Every environment variable our code reads, by name (the template's Environment sections set them;
 * Powertools' and the Lambda runtime's own are read by those libraries).
 */
export const ENV = {
  CONNECTIONS_TABLE: 'CONNECTIONS_TABLE',
  INDEX_SHARDS: 'INDEX_SHARDS',
  INDEX_SCAN_ITEMS: 'INDEX_SCAN_ITEMS',
  MAX_SUBSCRIPTIONS: 'MAX_SUBSCRIPTIONS',
  ALLOWED_ORIGINS: 'ALLOWED_ORIGINS',
  JWKS_URL: 'JWKS_URL',
  JWT_ISSUER: 'JWT_ISSUER',
  JWT_AUDIENCE: 'JWT_AUDIENCE',
  WEBSOCKET_ENDPOINT: 'WEBSOCKET_ENDPOINT',
  FANOUT_WORKER_FUNCTION: 'FANOUT_WORKER_FUNCTION',
  FANOUT_WORKERS: 'FANOUT_WORKERS',
  FANOUT_SPLIT_THRESHOLD: 'FANOUT_SPLIT_THRESHOLD',
  FANOUT_CONCURRENCY: 'FANOUT_CONCURRENCY',
  FANOUT_MAX_EVENT_AGE_SECONDS: 'FANOUT_MAX_EVENT_AGE_SECONDS',
  FANOUT_WORKER_TIMEOUT_SECONDS: 'FANOUT_WORKER_TIMEOUT_SECONDS',
  STALE_GRACE_SECONDS: 'STALE_GRACE_SECONDS',
  FUNCTION_NAME: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

/** Typed readers of the settings; each fails naming its variable when it is missing or malformed. */
export const settings = {
  connectionsTable: () => requiredEnv(ENV.CONNECTIONS_TABLE),
  indexShards: () => numberEnv(ENV.INDEX_SHARDS),
  indexScanItems: () => numberEnv(ENV.INDEX_SCAN_ITEMS, { min: 0 }),
  maxSubscriptions: () => numberEnv(ENV.MAX_SUBSCRIPTIONS),
  /** Optional: unset allows every origin. */
  allowedOrigins: (): string | undefined => process.env[ENV.ALLOWED_ORIGINS],
  webSocketEndpoint: () => requiredEnv(ENV.WEBSOCKET_ENDPOINT),
  fanoutWorkerFunction: () => requiredEnv(ENV.FANOUT_WORKER_FUNCTION),
  fanoutWorkers: () => numberEnv(ENV.FANOUT_WORKERS),
  fanoutSplitThreshold: () => numberEnv(ENV.FANOUT_SPLIT_THRESHOLD),
  fanoutConcurrency: () => numberEnv(ENV.FANOUT_CONCURRENCY),
  fanoutMaxEventAgeSeconds: () => numberEnv(ENV.FANOUT_MAX_EVENT_AGE_SECONDS),
  fanoutWorkerTimeoutSeconds: () => numberEnv(ENV.FANOUT_WORKER_TIMEOUT_SECONDS),
  staleGraceSeconds: () => numberEnv(ENV.STALE_GRACE_SECONDS, { min: 0 }),
  /** Set by Lambda itself: this function's own name. */
  functionName: () => requiredEnv(ENV.FUNCTION_NAME),
};
