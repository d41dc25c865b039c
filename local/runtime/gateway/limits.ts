import { IDLE_TIMEOUT_SECONDS, MAX_CONNECTION_SECONDS, MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from '../../../layers/shared/src/limits';

/** API Gateway's WebSocket quotas (one definition, in the layer), configurable for tests and experiments. */
export interface GatewayLimits {
  maxMessageBytes: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  maxConnectionMs: number;
  /** Bytes queued to a client that is not reading before its sends are refused. */
  maxBufferedBytes: number;
}

export const AWS_LIMITS: GatewayLimits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxFrameBytes: MAX_FRAME_BYTES,
  idleTimeoutMs: IDLE_TIMEOUT_SECONDS * 1000,
  maxConnectionMs: MAX_CONNECTION_SECONDS * 1000,
  maxBufferedBytes: 4 * 1024 * 1024,
};
