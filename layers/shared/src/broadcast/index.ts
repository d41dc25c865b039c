/** `@comments-websocket/shared/broadcast`: broadcast requests and messages (loads zod) and the fan-out. */
export * from './broadcast-request';
export * from './outbound-message';
export * from './broadcast-message';
export * from './backoff';
export * from './fan-out';
export * from './adaptive-limit';
export * from './connection-sender';
export * from './connections-error';
export * from './deliver-plan';
export * from './recipient-queue';
