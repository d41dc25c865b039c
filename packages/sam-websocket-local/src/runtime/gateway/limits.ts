/** API Gateway's WebSocket quotas, configurable for tests and experiments. */
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

/**
 * As AWS documents them (API Gateway quotas for WebSocket APIs): 128 KB messages in 32 KB frames,
 * 10 minutes idle, 2 hours per connection.
 */
export const AWS_LIMITS: GatewayLimits = {
  maxMessageBytes: 128 * 1024,
  maxFrameBytes: 32 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxMessagesInFlight: 16,
};
