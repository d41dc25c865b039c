import type { z } from 'zod/mini';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../errors';
import { MAX_MESSAGE_BYTES } from '../limits';
import { describeIssues } from '../issues';
import { headerValue } from './headers';

interface RestRequest {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * Reads a JSON request body and validates it. Only application/json is accepted: it keeps
 * browsers' cross-site "simple" requests (text/plain forms) out.
 */
export function parseJsonBody<S extends z.ZodMiniType>(request: RestRequest, schema: S): z.infer<S> {
  const mediaType = headerValue(request.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw unsupportedMediaType('Content-Type must be application/json');
  }
  const raw = request.isBase64Encoded
    ? Buffer.from(request.body ?? '', 'base64')
    : Buffer.from(request.body ?? '', 'utf8');
  if (raw.byteLength > MAX_MESSAGE_BYTES) {
    throw payloadTooLarge(`Request body is ${raw.byteLength} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
  }
  if (raw.byteLength === 0) throw badRequest('Request body is empty; send a JSON object');
  const text = raw.toString('utf8');
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw badRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  const value = parseJson(text);
  if (value === undefined) throw badRequest('Request body is not valid JSON');
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`Invalid request body: ${describeIssues(result.error)}`);
  return result.data;
}

/** Deeper documents would overflow the stack when the message is encoded for the recipients. */
export const MAX_JSON_DEPTH = 64;

/** How deep a JSON text nests, counted without parsing it (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

/** JSON.parse without its position-laden messages: `undefined` means "not JSON". */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
