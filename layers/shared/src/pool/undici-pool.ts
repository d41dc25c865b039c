import type { Pool as UndiciPool } from 'undici';

// The pool alone: undici's index also loads fetch, WebSocket, the cache and more, ~50 ms of a cold
// start that a sender never uses (bench "coldstart").
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
export type Pool = UndiciPool;
