import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The console is a control surface (it closes connections, sends to them, runs functions), so only
 * its own page may drive it: never another web page the browser has open.
 * - Host must be a loopback name, an IP literal or the --host given: a DNS-rebinding page reaches
 *   this port under its own domain name, and is refused here.
 * - A browser's Origin and Sec-Fetch-Site must say same-origin (a top-level visit to the page is "none").
 * - Every API call carries the per-process token, which only a page served from here can read.
 * No CORS header is ever sent, so a cross-origin script can read nothing.
 */
export class RequestGuard {
  private readonly hostNames: Set<string>;

  constructor(
    private readonly token: string,
    host: string,
  ) {
    this.hostNames = new Set(['localhost', host.toLowerCase()]);
  }

  /** Why the request is refused, or undefined. `api`: a call of the JSON/SSE API (not the page itself). */
  refusal(request: IncomingMessage, api: boolean, tokenInQuery?: string | null): string | undefined {
    const host = request.headers.host ?? '';
    const hostName = hostNameOf(host);
    if (!this.hostNames.has(hostName) && !isIP(hostName)) return `the console answers only at localhost, not ${host}`;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return `cross-origin request from ${origin}`;
    const site = request.headers['sec-fetch-site'];
    const allowed = api ? ['same-origin'] : ['same-origin', 'none'];
    if (site !== undefined && !allowed.includes(String(site))) return `a ${site} request`;
    if (!api) return undefined;
    const given = request.headers['x-console-token'] ?? tokenInQuery;
    if (typeof given !== 'string' || !this.sameToken(given)) return 'no console token, or a wrong one';
    return undefined;
  }

  private sameToken(given: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** "localhost:3001" → "localhost", "[::1]:3001" → "::1". */
function hostNameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}
