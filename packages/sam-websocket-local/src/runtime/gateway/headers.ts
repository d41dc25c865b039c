import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** API Gateway keeps the client's header spelling; Node keeps it in rawHeaders. */
export function eventHeaders(request: IncomingMessage): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const pairs: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2)
    pairs.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  return proxyHeaders(pairs, sourceIp(request), request.socket.localPort);
}

/**
 * Headers as payload 1.0 carries them: the last value of each, and all of them, as the client spelled
 * the names; API Gateway adds the X-Forwarded ones to every proxied request (locally the scheme is http).
 */
export function proxyHeaders(
  pairs: [string, string][],
  clientIp: string,
  localPort: number | undefined,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const forwarded: [string, string][] = [
    ['X-Forwarded-For', clientIp],
    ['X-Forwarded-Port', String(localPort ?? '')],
    ['X-Forwarded-Proto', 'http'],
  ];
  for (const [name, value] of pairs) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  for (const [name, value] of forwarded) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  return { headers, multiValueHeaders };
}

export function queryParameters(url: URL): {
  queryStringParameters: Record<string, string> | undefined;
  multiValueQueryStringParameters: Record<string, string[]> | undefined;
} {
  if ([...url.searchParams.keys()].length === 0)
    return { queryStringParameters: undefined, multiValueQueryStringParameters: undefined };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

export function sourceIp(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

export const userAgent = (headers: IncomingHttpHeaders) => headers['user-agent'] ?? '';
