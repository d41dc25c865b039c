/**
 * API Gateway WebSocket quotas that shape our behaviour.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;
export const MAX_FRAME_BYTES = 32 * 1024;
export const MAX_CONNECTION_SECONDS = 2 * 60 * 60;
export const IDLE_TIMEOUT_SECONDS = 10 * 60;

/** Items outlive the longest possible connection a little, so TTL only sweeps what $disconnect missed. */
export const ITEM_TTL_SECONDS = MAX_CONNECTION_SECONDS + 10 * 60;

export const MAX_TOPIC_LENGTH = 128;
export const MAX_TYPE_LENGTH = 64;
