import { AwsHttp, type ServiceEndpoint, serviceEndpoint, withRetries } from './aws-http';
import { AwsServiceError } from './aws-service-error';
import { errorFromBody } from './dynamodb-error';

export type DynamoDbEndpoint = ServiceEndpoint;

/**
 * Binary attribute values (B, BS) travel as base64 in DynamoDB's JSON. The holder's own value is
 * looked at: a Buffer's toJSON has already turned `value` into `{type, data}`.
 */
function base64Bytes(this: Record<string, unknown>, key: string, value: unknown) {
  const original = this[key];
  return original instanceof Uint8Array
    ? Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64')
    : value;
}

/**
 * Where DynamoDB is: `AWS_ENDPOINT_URL_DYNAMODB` (then `AWS_ENDPOINT_URL`) as the SDK reads them —
 * the local runtime sets it — else the region's public endpoint.
 */
export const endpointFromEnvironment = (env: NodeJS.ProcessEnv = process.env): DynamoDbEndpoint =>
  serviceEndpoint('dynamodb', env);

/**
 * DynamoDB's JSON protocol without the SDK (`AwsHttp`): the SDK's DynamoDB client costs ~80 ms to
 * load, more than the rest of a connect function (README "Cold starts").
 */
export class DynamoDbHttp {
  private readonly http: AwsHttp;

  constructor(endpoint: DynamoDbEndpoint = endpointFromEnvironment()) {
    this.http = new AwsHttp(endpoint);
  }

  call<T>(operation: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input, base64Bytes);
    return withRetries((attempt) => this.attempt(operation, body, attempt)) as Promise<T>;
  }

  private async attempt(operation: string, body: string, attempt: number): Promise<unknown> {
    const { status, headers, text } = await this.http.exchange({
      service: 'dynamodb',
      path: this.http.endpoint.url.pathname,
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${operation}` },
      body,
    });
    const requestId = headers['x-amzn-requestid'] as string | undefined;
    if (status < 200 || status >= 300) throw errorFromBody(status, text, requestId, attempt);
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      throw new AwsServiceError(
        'SerializationError',
        `DynamoDB answered ${status} with a body that is not JSON`,
        status,
        requestId,
        attempt,
      );
    }
  }
}
