/**
 * A DynamoDB error with the shape the AWS SDK gives it (`name` from `__type`, `$metadata`,
 * `$fault`), so code written against the SDK (`error.name === 'ConditionalCheckFailedException'`)
 * reads it the same.
 */
export class DynamoDbError extends Error {
  readonly $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
  readonly $fault: 'client' | 'server';

  constructor(
    name: string,
    message: string,
    status: number | undefined,
    requestId: string | undefined,
    attempts: number,
  ) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status, requestId, attempts };
    this.$fault = status !== undefined && status < 500 ? 'client' : 'server';
  }
}

/** `__type` is namespaced: `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`. */
export function errorFromBody(status: number, body: string, requestId: string | undefined, attempts: number) {
  let type: unknown;
  let text: unknown;
  try {
    const parsed = JSON.parse(body) as { __type?: unknown; message?: unknown; Message?: unknown };
    type = parsed.__type;
    text = parsed.message ?? parsed.Message;
  } catch {
    // Not JSON (a proxy's page): the status names it.
  }
  const name =
    (typeof type === 'string' && type.slice(type.indexOf('#') + 1)) ||
    (status >= 500 ? 'InternalServerError' : `HttpError${status}`);
  const message = typeof text === 'string' && text ? text : `${name} (${status})`;
  return new DynamoDbError(name, message, status, requestId, attempts);
}

/** What the SDK's standard retry strategy retries: throttling, transient and clock-skew errors, 5xx. */
const RETRIED = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
  'RequestThrottled',
  'RequestThrottledException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'SignatureDoesNotMatch',
]);
const RETRIED_CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoDbError) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return RETRIED.has(error.name) || status >= 500 || status === 429;
  }
  return RETRIED_CONNECTION_CODES.has((error as { code?: string } | undefined)?.code ?? '');
}
