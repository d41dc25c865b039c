/**
 * `@comments-websocket/shared/pool`: undici's keep-alive pool and one request through it, an entry
 * of its own so that the @connections sender loads it only once it pays (see
 * fanout/sender-transport.ts): ~11 ms to load, ~70 µs less CPU per signed post than Node's own agent.
 */
export { type Exchange, exchange } from './pool-exchange';
export { Pool } from './undici-pool';
