/** `@comments-websocket/shared/auth`: verification of $connect tokens (loads aws-jwt-verify). */
export {
  createTokenVerifier,
  TokenRejectedError,
  type TokenSettings,
  tokenSettingsFromEnv,
  VerifierUnavailableError,
  type VerifyToken,
} from './token-verifier';
