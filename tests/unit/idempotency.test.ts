import { RequestError } from '@comments-websocket/shared';
import { broadcastIdFor, idempotencyKey, requestHash } from '@comments-websocket/shared/broadcast';

type Request = Parameters<typeof requestHash>[0];

const withKey = (key: string): Request => ({ headers: { 'Idempotency-Key': key } });
const asCaller = (userArn: string): Request => ({
  requestContext: { accountId: '123456789012', identity: { userArn } },
});
const post = (body: string, resource = '/broadcast/comments'): Request => ({ body, resource });

describe('idempotencyKey', () => {
  it('answers the key a request carries, whatever the header case, and undefined without one', () => {
    expect(idempotencyKey(withKey('order-1'))).toBe('order-1');
    expect(idempotencyKey({ headers: { 'idempotency-key': 'order-2' } })).toBe('order-2');
    expect(idempotencyKey({ headers: {} })).toBeUndefined();
  });

  it('accepts a key of 255 printable characters', () => {
    expect(idempotencyKey(withKey('k'.repeat(255)))).toHaveLength(255);
  });

  it.each([
    ['an empty key', ''],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key with a control character', 'order\n1'],
    ['a key with a non-ASCII character', 'ordér-1'],
  ])('refuses %s with a 400 that says what a key must be', (_case, key) => {
    let caught: unknown;
    try {
      idempotencyKey(withKey(key));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RequestError);
    expect(caught).toMatchObject({ statusCode: 400, message: expect.stringMatching(/1 to 255 printable ASCII/) });
  });
});

describe('broadcastIdFor', () => {
  it('names the same broadcast for the same key and caller, and another for another caller', () => {
    const first = broadcastIdFor('order-1', asCaller('arn:aws:iam::123456789012:role/backend-a'));
    expect(broadcastIdFor('order-1', asCaller('arn:aws:iam::123456789012:role/backend-a'))).toBe(first);
    expect(broadcastIdFor('order-1', asCaller('arn:aws:iam::123456789012:role/backend-b'))).not.toBe(first);
    expect(broadcastIdFor('order-2', asCaller('arn:aws:iam::123456789012:role/backend-a'))).not.toBe(first);
  });

  it('makes an id the status route accepts', () => {
    expect(broadcastIdFor('order-1', asCaller('arn:x'))).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe('requestHash', () => {
  it('is the same for the same body with keys reordered and other spacing', () => {
    const compact = post('{"type":"t","data":{"a":1,"b":[1,2]}}');
    const spaced = post('{\n  "data": { "b": [1, 2], "a": 1 },\n  "type": "t"\n}');
    expect(requestHash(spaced)).toBe(requestHash(compact));
  });

  it('is the same for a base64-encoded body', () => {
    const body = '{"type":"t","data":1}';
    const encoded = { ...post(Buffer.from(body).toString('base64')), isBase64Encoded: true };
    expect(requestHash(encoded)).toBe(requestHash(post(body)));
  });

  it('differs for another body, another array order, or another route', () => {
    const hash = requestHash(post('{"type":"t","data":[1,2]}'));
    expect(requestHash(post('{"type":"t","data":[1,3]}'))).not.toBe(hash);
    expect(requestHash(post('{"type":"t","data":[2,1]}'))).not.toBe(hash);
    expect(requestHash(post('{"type":"t","data":[1,2]}', '/broadcast'))).not.toBe(hash);
  });
});
