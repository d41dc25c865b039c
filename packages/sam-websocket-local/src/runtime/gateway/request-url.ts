import type { IncomingMessage } from 'node:http';

/**
 * The request's target as a URL on this host. `new URL(target, base)` would read `//x/y` as the host
 * `x` (and throw on `//`), so a path is appended to the origin as it came; an absolute-form target
 * (`GET http://host/path`) keeps its path and query.
 */
export function requestUrl(request: IncomingMessage): URL {
  const target = request.url ?? '/';
  if (target.startsWith('/')) return new URL(`http://localhost${target}`);
  try {
    const absolute = new URL(target);
    return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL('http://localhost/');
  }
}
