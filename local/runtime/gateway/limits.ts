/** API Gateway's WebSocket quotas, configurable for tests and experiments. */
export interface GatewayLimits {
  maxMessageBytes: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  maxConnectionMs: number;
  /** Bytes queued to a client that is not reading before its sends are refused. */
  maxBufferedBytes: number;
}

export const AWS_LIMITS: GatewayLimits = {
  maxMessageBytes: 128 * 1024,
  maxFrameBytes: 32 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
  maxBufferedBytes: 4 * 1024 * 1024,
};
