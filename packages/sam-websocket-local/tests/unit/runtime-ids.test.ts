import { newConnectionId, newRequestId } from '../../src/runtime/gateway/ids';

// Enough draws to empty the pool of random bytes several times over.
const DRAWS = 2000;

describe("the gateway's ids (drawn from a pool of random bytes)", () => {
  it('are 11 random bytes in base64, as API Gateway shapes a connection id', () => {
    for (let i = 0; i < DRAWS; i++) {
      const id = newConnectionId();
      expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(Buffer.from(id, 'base64')).toHaveLength(11);
    }
  });

  it('are URL-safe with their padding for request ids', () => {
    for (let i = 0; i < DRAWS; i++) expect(newRequestId()).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('never repeat across refills of the pool', () => {
    const ids = new Set(Array.from({ length: DRAWS }, () => [newConnectionId(), newRequestId()]).flat());
    expect(ids.size).toBe(2 * DRAWS);
  });
});
