import type { InvocationContext } from '../protocol';

export type Handler = (
  event: unknown,
  context: unknown,
  callback?: (error?: unknown, result?: unknown) => void,
) => unknown;

/**
 * Calls a handler in any of the shapes Lambda's Node runtime accepts: async (a promise), callback
 * `(event, context, callback)`, or the older `context.succeed / fail / done`. The first answer wins.
 */
export function callHandler(handler: Handler, event: unknown, context: InvocationContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const answer = (error?: unknown, result?: unknown) => {
      if (answered) return;
      answered = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const lambdaContext = {
      ...context,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, context.deadline - Date.now()),
      succeed: (result?: unknown) => answer(undefined, result),
      fail: (error?: unknown) => answer(error ?? new Error('handled')),
      done: (error?: unknown, result?: unknown) => answer(error, result),
    };
    try {
      const returned = handler(event, lambdaContext, answer);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(
          (result) => answer(undefined, result),
          (error: unknown) => answer(error ?? new Error('rejected')),
        );
      } else if (handler.length < 3 && returned !== undefined) {
        answer(undefined, returned);
      }
    } catch (error) {
      answer(error);
    }
  });
}
