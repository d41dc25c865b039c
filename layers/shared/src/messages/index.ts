/** `@comments-websocket/shared/messages`: schemas of the messages browsers send (loads zod). */
export * from './topic';
export * from './client-messages';
export * from './broadcast-type';
export * from './broadcast-request';
