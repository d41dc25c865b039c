import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Keeps web pages from driving the local runtime. A page on another site may still send simple
 * requests (a text/plain POST needs no preflight) to a local port, and a DNS-rebinding page may reach
 * it under its own host name; AWS's endpoints are not reachable that way, so the local ones must not be.
 */
export class BrowserGuard {
  private readonly ownOrigins: Set<string>;

  /** `host`: the address the runtime listens on (--host); `port`: its port. */
  constructor(
    private readonly host: string,
    port: number,
  ) {
    const names = new Set(['localhost', '127.0.0.1', '[::1]', bracketed(host)]);
    this.ownOrigins = new Set([...names].map((name) => `http://${name}:${port}`));
  }

  /**
   * Why a Host header is refused, or undefined: the runtime answers to its own names, IP literals
   * (no rebinding through those) and the AWS host names its endpoint redirect keeps
   * (`{api}.execute-api.{region}.amazonaws.com`, `lambda.{region}.amazonaws.com`).
   */
  hostRefusal(request: IncomingMessage): string | undefined {
    const header = request.headers.host;
    if (header === undefined) return undefined;
    const name = hostName(header).toLowerCase();
    if (name === 'localhost' || name.endsWith('.localhost') || name === this.host.toLowerCase()) return undefined;
    if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) return undefined;
    if (/^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/.test(name)) return undefined;
    if (/^lambda\.[a-z0-9-]+\.amazonaws\.com$/.test(name)) return undefined;
    return `Host ${header} is not this local runtime's (localhost, an IP address, or --host ${this.host}): refused against DNS rebinding`;
  }

  /**
   * Why a browser's cross-site request is refused on an endpoint no web page should call (the Invoke
   * API, @connections, AWS_IAM routes), or undefined: an Origin other than the runtime's own, or
   * `Sec-Fetch-Site: cross-site`. Programs (SDKs, curl) send neither.
   */
  crossSiteRefusal(request: IncomingMessage, endpoint: string): string | undefined {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    const foreignOrigin = origin !== undefined && !this.ownOrigins.has(origin.toLowerCase());
    if (!foreignOrigin && site !== 'cross-site') return undefined;
    return `Cross-site browser requests are refused on ${endpoint}${origin ? ` (Origin ${origin})` : ''}: call it from a program or from this runtime's own pages`;
  }
}

function hostName(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}

const bracketed = (host: string) => (isIP(host) === 6 ? `[${host}]` : host);
