import { AwsServiceError } from './aws-service-error';

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
  return new AwsServiceError(name, message, status, requestId, attempts);
}
