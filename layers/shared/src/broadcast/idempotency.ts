import { createHash } from 'node:crypto';
import { RequestError, badRequest, headerValue } from '../core';

/** Payment APIs' header: a client-chosen key that makes a repeated request harmless (DESIGN §11). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

interface KeyedRequest {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  resource?: string;
  requestContext?: { accountId?: string; identity?: { userArn?: string | null; caller?: string | null } | null } | null;
}

/** The request's Idempotency-Key, or undefined when it has none; a malformed one is the caller's error. */
export function idempotencyKey(request: KeyedRequest): string | undefined {
  const key = headerValue(request.headers, IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key))
    throw badRequest(`${IDEMPOTENCY_HEADER} must be 1 to 255 printable ASCII characters (a UUID makes a good key)`);
  return key;
}

/** The broadcast a key names: keys belong to their caller (its IAM identity), so two backends never share one. */
export function broadcastIdFor(key: string, request: KeyedRequest): string {
  const identity = request.requestContext?.identity;
  const caller = identity?.userArn ?? identity?.caller ?? request.requestContext?.accountId ?? '';
  return createHash('sha256').update(`${caller}\n${key}`).digest('base64url').slice(0, 32);
}

/** What makes two requests "the same": the route and the JSON body, whatever its spacing and key order. */
export function requestHash(request: KeyedRequest): string {
  const raw = request.isBase64Encoded
    ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
    : (request.body ?? '');
  return createHash('sha256')
    .update(`${request.resource ?? ''}\n${canonicalJson(JSON.parse(raw) as unknown)}`)
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const keyReusedWithAnotherBody = () =>
  new RequestError(
    422,
    `This ${IDEMPOTENCY_HEADER} was first used with a different request body; use a new key for a new broadcast`,
  );
