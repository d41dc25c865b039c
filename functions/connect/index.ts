import {
  logger,
  namesNoOrigin,
  numberEnv,
  parseAllowedOrigins,
  requiredEnv,
  withMetrics,
} from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import { createTokenVerifier, tokenSettingsFromEnv } from '@comments-websocket/shared/auth';
import { createConnectHandler } from './handler';

const origins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
// Said once per execution environment, so a misconfiguration is in the log before the first refusal.
if (origins.ignored.length > 0)
  logger.error('AllowedOrigins entries that are not origins (scheme://host[:port]) allow nothing', {
    ignored: origins.ignored,
  });
if (namesNoOrigin(origins)) logger.error('AllowedOrigins names no valid origin: every handshake is refused');

const tokenSettings = tokenSettingsFromEnv(process.env);

export const handler = withMetrics(
  createConnectHandler({
    store: new DynamoDbConnectionStore({
      client: createDocumentClient(),
      tableName: requiredEnv('CONNECTIONS_TABLE'),
      shards: numberEnv('INDEX_SHARDS'),
    }),
    origins,
    verifyToken: tokenSettings && createTokenVerifier(tokenSettings),
  }),
);
