import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body, giving up (without buffering the rest) past `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** An AWS service error as the SDK reads it: the error name in x-amzn-ErrorType, a message in the body. */
export function sendAwsError(response: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(response, status, { message }, { 'x-amzn-ErrorType': errorType, 'x-amzn-RequestId': crypto.randomUUID() });
}

/** The body, or undefined once the request has been answered 413 with `message` for being over `limit`. */
export async function readBodyOr413(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
  message: string,
): Promise<Buffer | undefined> {
  try {
    return await readBody(request, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(response, 413, { message });
    return undefined;
  }
}
