/** `@comments-websocket/shared/broadcast`: broadcast requests and messages (loads zod) and the fan-out. */
export * from './schemas/topic';
export * from './schemas/broadcast-request';
export * from './schemas/outbound-message';
export * from './schemas/broadcast-message';
export * from './fanout/backoff';
export * from './fanout/fan-out';
export * from './fanout/adaptive-limit';
export * from './fanout/connection-sender';
export * from './fanout/connections-error';
export * from './fanout/management-endpoint';
export * from './fanout/reports';
export * from './fanout/deliver-plan';
