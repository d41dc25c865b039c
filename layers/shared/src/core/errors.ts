/** Errors a caller can act on: each carries the HTTP status it maps to. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export const badRequest = (message: string) => new RequestError(400, message);
export const payloadTooLarge = (message: string) => new RequestError(413, message);
export const unsupportedMediaType = (message: string) => new RequestError(415, message);

/** The connection store could not be reached or answered with a server-side fault. */
export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('The connection store is unavailable');
    this.name = 'StoreUnavailableError';
  }
}

export class TooManySubscriptionsError extends Error {
  constructor(readonly max: number) {
    super(`A connection may hold at most ${max} subscriptions; unsubscribe from one first`);
    this.name = 'TooManySubscriptionsError';
  }
}

export class ConnectionNotFoundError extends Error {
  constructor(readonly connectionId: string) {
    super('This connection is not registered (it may have expired); reconnect');
    this.name = 'ConnectionNotFoundError';
  }
}

/**
 * What a caller is told about a failure: their mistake with its own status, a store outage as 503,
 * state conflicts as 409, anything else as 500 without internals. `ours` says whether to log it.
 */
export function describeFailure(error: unknown): { statusCode: number; message: string; ours: boolean } {
  if (error instanceof RequestError) return { statusCode: error.statusCode, message: error.message, ours: false };
  if (error instanceof StoreUnavailableError) {
    return { statusCode: 503, message: 'The connection store is unavailable; retry with backoff', ours: true };
  }
  if (error instanceof TooManySubscriptionsError || error instanceof ConnectionNotFoundError) {
    return { statusCode: 409, message: error.message, ours: false };
  }
  return { statusCode: 500, message: 'Internal server error', ours: true };
}
