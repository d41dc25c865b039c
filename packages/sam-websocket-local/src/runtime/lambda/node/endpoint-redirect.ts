import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import type { RedirectRule } from '../protocol';

/**
 * Inside a function instance: HTTPS requests to the AWS endpoints the runtime stands in for go to
 * the runtime over plain HTTP, unchanged otherwise (method, path, headers — the Host header too, so
 * a SigV4 signature still verifies). Handlers build these URLs themselves, as AWS's docs show —
 * `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`, `https://{requestContext.domainName}/{stage}`
 * — or leave the SDK to its default (`dynamodb.{region}.amazonaws.com`); an endpoint variable cannot
 * reach an endpoint written in code, and a listener with a certificate could not answer for AWS's
 * host names, so requests are redirected where they start: `http(s).request`, which the AWS SDKs
 * (v3 and v2) and most HTTP clients use.
 */
export function installEndpointRedirect(rule: RedirectRule): void {
  const localAgent = new http.Agent({ keepAlive: true });
  const target = (host: string): string | undefined => {
    if (host === rule.runtime) return rule.runtime;
    if (/^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(:443)?$/.test(host)) return rule.runtime;
    if (/^lambda\.[a-z0-9-]+\.amazonaws\.com(:443)?$/.test(host)) return rule.runtime;
    if (/^dynamodb\.[a-z0-9-]+\.amazonaws\.com(:443)?$/.test(host)) return rule.dynamodb;
    return undefined;
  };
  for (const module of [https, http]) {
    const original = module.request;
    const redirected = ((...args: unknown[]) => {
      const [options, callback] = normalise(args);
      const host = hostOf(options, module === https ? 443 : 80);
      const to = host === undefined ? undefined : target(host);
      if (!to || (module === http && to === host))
        return (original as (...a: unknown[]) => http.ClientRequest)(...args);
      const [hostname, port] = splitHost(to);
      const headers = { ...(options.headers as Record<string, string> | undefined), host: stripDefaultPort(host!) };
      const plain: http.RequestOptions = {
        ...options,
        protocol: 'http:',
        host: hostname,
        hostname,
        port,
        headers,
        agent: localAgent,
      };
      return http.request(plain, callback);
    }) as typeof http.request;
    module.request = redirected;
    module.get = ((...args: Parameters<typeof http.get>) => {
      const request = (redirected as (...a: unknown[]) => http.ClientRequest)(...args);
      request.end();
      return request;
    }) as typeof http.get;
  }
  // ES modules that imported `request` by name see the patched function too.
  syncBuiltinESMExports();
}

type Options = http.RequestOptions & Record<string, unknown>;

/** request(url[, options][, callback]) or request(options[, callback]) as one options object. */
function normalise(args: unknown[]): [Options, ((response: http.IncomingMessage) => void) | undefined] {
  const callback =
    typeof args.at(-1) === 'function' ? (args.at(-1) as (response: http.IncomingMessage) => void) : undefined;
  const [first, second] = args;
  if (typeof first === 'string' || first instanceof URL) {
    const url = new URL(first);
    const fromUrl: Options = {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
    };
    return [{ ...fromUrl, ...(typeof second === 'object' && second ? (second as Options) : {}) }, callback];
  }
  return [(first ?? {}) as Options, callback];
}

function hostOf(options: Options, defaultPort: number): string | undefined {
  const name = (options.hostname ?? options.host) as string | undefined;
  if (!name) return undefined;
  const port = Number(options.port ?? defaultPort);
  return port === defaultPort ? name : `${name}:${port}`;
}

const splitHost = (host: string): [string, number] => {
  const at = host.lastIndexOf(':');
  return [host.slice(0, at), Number(host.slice(at + 1))];
};
const stripDefaultPort = (host: string) => host.replace(/:443$/, '');
