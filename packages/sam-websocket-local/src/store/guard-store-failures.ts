import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Callback = (error: (Error & { statusCode?: number; body?: unknown }) | null, data?: unknown) => void;
type Action = (store: unknown, data: unknown, callback: Callback) => void;

const GUARDED = Symbol.for('sam-websocket-local.guarded-action');
let onStoreError: (error: Error) => void = () => undefined;

/**
 * dynalite rethrows a storage error (a full disk, an unwritable --data folder: LEVEL_IO_ERROR) from
 * its action callback, where nothing can catch it and the whole runtime would exit. Its actions are
 * wrapped before dynalite loads them, so such an error comes back as the answer it gives its own
 * errors: a 503 in DynamoDB's error shape (the SDK retries it), and the process keeps serving. A
 * wrapper costs nothing per request, unlike a domain, which turns on async hooks for every
 * promise and socket of the process.
 */
export function guardStoreFailures(report: (error: Error) => void): void {
  onStoreError = report;
  const fromDynalite = createRequire(require.resolve('dynalite'));
  const folder = join(dirname(require.resolve('dynalite')), 'actions');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.js'))) {
    const path = join(folder, file);
    const action = fromDynalite(path) as Action & { [GUARDED]?: true };
    if (action[GUARDED]) continue;
    const guarded: Action & { [GUARDED]?: true } = (store, data, callback) =>
      action(store, data, (error, result) =>
        callback(error && !error.statusCode ? asServiceError(error) : error, result),
      );
    guarded[GUARDED] = true;
    fromDynalite.cache[path]!.exports = guarded;
  }
}

function asServiceError(error: Error): Error {
  onStoreError(error);
  return Object.assign(new Error(error.message), {
    statusCode: 503,
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
      message: `The local store failed: ${error.message}`,
    },
  });
}
