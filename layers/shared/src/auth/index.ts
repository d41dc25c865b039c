/** `@comments-websocket/shared/auth`: verification of $connect tokens (loads aws-jwt-verify). */
export * from './token-verifier';
