import * as layer from '../../layers/shared/src/core/limits';
import { AWS_LIMITS } from 'sam-websocket-local/internal';

describe('API Gateway quotas', () => {
  it('are the same numbers in the layer (what handlers enforce) and in the runtime (what it emulates)', () => {
    expect(AWS_LIMITS).toMatchObject({
      maxMessageBytes: layer.MAX_MESSAGE_BYTES,
      maxFrameBytes: layer.MAX_FRAME_BYTES,
      idleTimeoutMs: layer.IDLE_TIMEOUT_SECONDS * 1000,
      maxConnectionMs: layer.MAX_CONNECTION_SECONDS * 1000,
    });
  });
});
