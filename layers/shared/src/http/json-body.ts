import type { z } from 'zod';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../errors';
import { MAX_MESSAGE_BYTES } from '../limits';
import { describeIssues } from '../schemas/issues';
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
export function parseJsonBody<S extends z.ZodType>(request: RestRequest, schema: S): z.infer<S> {
  const mediaType = headerValue(request.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw unsupportedMediaType('Content-Type must be application/json');
  }
  const raw = request.isBase64Encoded ? Buffer.from(request.body ?? '', 'base64') : Buffer.from(request.body ?? '', 'utf8');
  if (raw.byteLength > MAX_MESSAGE_BYTES) {
    throw payloadTooLarge(`Request body is ${raw.byteLength} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
  }
  if (raw.byteLength === 0) throw badRequest('Request body is empty; send a JSON object');
  const value = parseJson(raw.toString('utf8'));
  if (value === undefined) throw badRequest('Request body is not valid JSON');
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`Invalid request body: ${describeIssues(result.error)}`);
  return result.data;
}

/** JSON.parse without its position-laden messages: `undefined` means "not JSON". */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
