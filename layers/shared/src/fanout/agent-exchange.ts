import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Exchange } from '../pool';

/** One signed POST as the sender hands it to a transport. */
export interface PostRequest {
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

type Send = (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => ClientRequest;

/**
 * One request over Node's own keep-alive agent (`node:http` is loaded already, by the store), with
 * the answer read as the pool's exchange reads it: the body kept only outside 2xx. A request with no
 * answer for `timeoutMs` fails with `onTimeout()`'s error.
 */
export function agentExchange(
  send: Send,
  agent: Agent,
  origin: URL,
  request: PostRequest,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const target = { protocol: origin.protocol, hostname: origin.hostname, port: origin.port, agent };
    const outgoing = send({ ...target, path: request.path, method: 'POST', headers: request.headers }, (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] | undefined = status >= 200 && status < 300 ? undefined : [];
      response.on('data', (chunk: Buffer) => chunks?.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status,
          header: (name) => [response.headers[name] ?? []].flat()[0],
          text: chunks ? Buffer.concat(chunks).toString('utf8') : '',
        }),
      );
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(onTimeout()));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
