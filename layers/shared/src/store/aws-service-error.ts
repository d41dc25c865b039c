/**
 * An AWS service's error with the shape the AWS SDK gives it (`name` the error type, `$metadata`,
 * `$fault`), so code written against the SDK (`error.name === 'ConditionalCheckFailedException'`)
 * reads it the same.
 */
export class AwsServiceError extends Error {
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
  if (error instanceof AwsServiceError) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return RETRIED.has(error.name) || status >= 500 || status === 429;
  }
  return RETRIED_CONNECTION_CODES.has((error as { code?: string } | undefined)?.code ?? '');
}
