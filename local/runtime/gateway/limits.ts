import { IDLE_TIMEOUT_SECONDS, MAX_CONNECTION_SECONDS, MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from '../../../layers/shared/src/limits';

/** API Gateway's WebSocket quotas (one definition, in the layer), configurable for tests and experiments. */
export interface GatewayLimits {
  maxMessageBytes: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  maxConnectionMs: number;
  /** Bytes queued to a client that is not reading (posts and replies alike) before it is dropped. */
  maxBufferedBytes: number;
  /**
   * Messages of one connection being handled at once; more are answered "Too Many Requests" at
   * once, so one client's flood neither grows memory nor delays other clients' replies.
   */
  maxMessagesInFlight: number;
}

export const AWS_LIMITS: GatewayLimits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxFrameBytes: MAX_FRAME_BYTES,
  idleTimeoutMs: IDLE_TIMEOUT_SECONDS * 1000,
  maxConnectionMs: MAX_CONNECTION_SECONDS * 1000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxMessagesInFlight: 16,
};
