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
export * from './mover-tracker';
export * from './part-progress';
export * from './part-work';
export * from './part-runner';
export * from './idempotency';
export * from './stuck-parts';
export * from './broadcast-answers';
