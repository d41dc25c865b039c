import { logger, namesNoOrigin, parseAllowedOrigins, settings, withMetrics } from '@comments-websocket/shared';
import { connectionStoreFromEnvironment } from '@comments-websocket/shared/store';
import { createTokenVerifier, tokenSettingsFromEnv } from '@comments-websocket/shared/auth';
import { createConnectHandler } from './handler';

const origins = parseAllowedOrigins(settings.allowedOrigins());
// Said once per execution environment, so a misconfiguration is in the log before the first refusal.
if (origins.ignored.length > 0)
  logger.error('AllowedOrigins entries that are not origins (scheme://host[:port]) allow nothing', {
    ignored: origins.ignored,
  });
if (namesNoOrigin(origins)) logger.error('AllowedOrigins names no valid origin: every handshake is refused');

const tokenSettings = tokenSettingsFromEnv(process.env);

export const handler = withMetrics(
  createConnectHandler({
    store: connectionStoreFromEnvironment({ shards: true }),
    origins,
    verifyToken: tokenSettings && createTokenVerifier(tokenSettings),
  }),
);
