// Handlers read their settings at module scope, as they do in Lambda; give them the template's names.
process.env.CONNECTIONS_TABLE ??= 'ConnectionsTable';
process.env.WEBSOCKET_ENDPOINT ??= 'wss://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/development';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.ALLOWED_ORIGINS ??= 'http://localhost:3000';
