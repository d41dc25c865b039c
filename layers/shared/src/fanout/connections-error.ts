/**
 * Errors of the @connections API with the shape the AWS SDK gives them (`name` from
 * `x-amzn-ErrorType`, `$metadata.httpStatusCode`), so callers recognise a GoneException by name
 * whichever client made the call.
 */
export class ConnectionsApiError extends Error {
  readonly $metadata: { httpStatusCode?: number; requestId?: string };
  readonly $fault: 'client' | 'server';

  constructor(name: string, message: string, httpStatusCode: number | undefined, requestId?: string) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode, requestId };
    this.$fault = httpStatusCode !== undefined && httpStatusCode < 500 ? 'client' : 'server';
  }
}

/** The names API Gateway gives its @connections errors, for answers that carry no error type. */
const NAME_BY_STATUS: Record<number, string> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
};

/** `x-amzn-ErrorType` may carry a namespace after a colon: `GoneException:http://internal.amazon.com/...`. */
export function errorFromResponse(
  status: number,
  errorType: string | undefined,
  body: string,
  requestId?: string,
): ConnectionsApiError {
  const name =
    errorType?.split(':')[0] || NAME_BY_STATUS[status] || (status >= 500 ? 'InternalServerError' : 'UnknownError');
  let message = `${name} (${status})`;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const text = parsed.message ?? parsed.Message;
    if (typeof text === 'string' && text) message = text;
  } catch {
    // Not JSON: keep the generic message.
  }
  return new ConnectionsApiError(name, message, status, requestId);
}
