/** `@comments-websocket/shared/messages`: schemas of the messages browsers send (loads zod). */
export * from './schemas/topic';
export * from './schemas/client-messages';
