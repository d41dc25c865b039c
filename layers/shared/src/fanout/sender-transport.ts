import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Exchange, Pool } from '../pool';
import { type PostRequest, agentExchange } from './agent-exchange';
import { ConnectionsApiError } from './connections-error';

type PoolEntry = typeof import('../pool');
let poolEntry: PoolEntry | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const poolModule = (): PoolEntry => (poolEntry ??= require('../pool') as PoolEntry);

/**
 * Posts that go over Node's agent before the sender moves to undici's pool, counted over the
 * sender's life (an execution environment's, in Lambda). The pool costs ~11 ms to load (~15 before
 * the layer's build deferred undici's HTTP/2 half) and saves ~70 µs of CPU per signed post (~125
 * against ~55 µs at 64 in flight, measured on the development machine), so it pays for itself
 * after ~150–200 posts: until then the sender pays per post rather
 * than up front, never more than twice what knowing the broadcast's size in advance would have
 * cost. A small broadcast never loads it.
 */
export const POOL_AFTER_POSTS = 200;

export interface SenderTransport {
  exchange(request: PostRequest): Promise<Exchange>;
  destroy(): void;
}

export interface SenderTransportOptions {
  connections: number;
  timeoutMs: number;
  /** Posts sent over Node's agent first; 0 opens the pool at once (loading undici now). */
  poolAfter: number;
}

/** Keep-alive HTTP/1.1 to the @connections endpoint: Node's agent, then undici's pool after `poolAfter` posts. */
export function senderTransport(origin: URL, { connections, timeoutMs, poolAfter }: SenderTransportOptions) {
  const secure = origin.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: connections })
    : new HttpAgent({ keepAlive: true, maxSockets: connections });
  const send = secure ? httpsRequest : httpRequest;
  const timeout = () => timeoutError(timeoutMs);
  let pool: Pool | undefined;
  const openPool = () => {
    pool = new (poolModule().Pool)(origin.origin, { connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    // The agent's sockets close as their posts end, instead of idling beside the pool's.
    agent.maxFreeSockets = 0;
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  };
  if (poolAfter <= 0) openPool();
  let posts = 0;
  const exchange = (request: PostRequest): Promise<Exchange> => {
    if (!pool && ++posts > poolAfter) openPool();
    if (!pool) return agentExchange(send, agent, origin, request, timeoutMs, timeout);
    return poolModule()
      .exchange(pool, { ...request, method: 'POST' })
      .catch((error: unknown) => {
        throw TIMEOUT_CODES.has((error as { code?: string } | undefined)?.code ?? '') ? timeout() : error;
      });
  };
  const destroy = () => {
    agent.destroy();
    void pool?.destroy().catch(() => undefined);
  };
  return { exchange, destroy } satisfies SenderTransport;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

const timeoutError = (timeoutMs: number) =>
  new ConnectionsApiError('TimeoutError', `No answer from @connections within ${timeoutMs} ms`, undefined);
