import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DynamoDbError, errorFromBody, isRetryable } from './dynamodb-error';
import { signRequest } from './sign-request';

export interface DynamoDbEndpoint {
  url: URL;
  region: string;
}

/** The SDK's standard strategy: three attempts, full jitter on 100 ms doubling, capped at 20 s. */
const MAX_ATTEMPTS = 3;
const backoff = (attempt: number) => Math.random() * Math.min(20_000, 100 * 2 ** attempt);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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
export function endpointFromEnvironment(env: NodeJS.ProcessEnv = process.env): DynamoDbEndpoint {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  return { url: new URL(configured || regionalEndpoint(region, env.AWS_USE_FIPS_ENDPOINT === 'true')), region };
}

/** DynamoDB's regional endpoints: the China partition has its own domain; FIPS has its own host. */
function regionalEndpoint(region: string, fips: boolean): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://dynamodb${fips ? '-fips' : ''}.${region}.${domain}`;
}

/**
 * Lambda hands a function its role's credentials in the environment; they are read per request
 * because a long-lived process outside Lambda may have them rotated.
 */
function credentials(env: NodeJS.ProcessEnv = process.env) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) {
    throw new DynamoDbError(
      'CredentialsProviderError',
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY): Lambda sets them for a function',
      undefined,
      undefined,
      0,
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}

/**
 * DynamoDB's JSON protocol over Node's own keep-alive agents, signed with aws4: the SDK's DynamoDB
 * client costs ~80 ms to load, more than the rest of a connect function (README "Cold starts").
 */
export class DynamoDbHttp {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly endpoint: DynamoDbEndpoint = endpointFromEnvironment()) {
    const secure = endpoint.url.protocol === 'https:';
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: 50 })
      : new HttpAgent({ keepAlive: true, maxSockets: 50 });
    this.send = secure ? httpsRequest : httpRequest;
  }

  async call<T>(operation: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input, base64Bytes);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.attempt(operation, body, attempt)) as T;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        await pause(backoff(attempt));
      }
    }
  }

  private attempt(operation: string, body: string, attempt: number): Promise<unknown> {
    const { url, region } = this.endpoint;
    const signed = signRequest(
      {
        host: url.host,
        path: url.pathname,
        method: 'POST',
        service: 'dynamodb',
        region,
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${operation}` },
        body,
      },
      credentials(),
    );
    return new Promise((resolve, reject) => {
      const request = this.send(
        { ...signed, hostname: url.hostname, port: url.port || undefined, agent: this.agent } as never,
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            const requestId = response.headers['x-amzn-requestid'] as string | undefined;
            if (status >= 200 && status < 300) {
              try {
                resolve(text ? JSON.parse(text) : {});
              } catch {
                reject(
                  new DynamoDbError(
                    'SerializationError',
                    `DynamoDB answered ${status} with a body that is not JSON`,
                    status,
                    requestId,
                    attempt,
                  ),
                );
              }
            } else reject(errorFromBody(status, text, requestId, attempt));
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
