import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AwsServiceError, isRetryable } from './aws-service-error';
import { signRequest } from './sign-request';

/**
 * AWS's HTTP APIs without the SDK, for the few calls the layer makes (DynamoDB's JSON protocol, Lambda's
 * Invoke): signed with aws4 over Node's keep-alive agents, with the SDK's endpoint variables and its
 * standard retries. The SDK's clients cost 80–150 ms to load and their first call ~50 ms more, at
 * the cold start or the first split they would serve (README "Cold starts").
 */
export interface ServiceEndpoint {
  url: URL;
  region: string;
}

/**
 * Where a service is, as the SDK reads it: `AWS_ENDPOINT_URL_<SERVICE>` (then `AWS_ENDPOINT_URL`) —
 * the local runtime sets them — else the region's public endpoint.
 */
export function serviceEndpoint(service: 'dynamodb' | 'lambda', env: NodeJS.ProcessEnv = process.env): ServiceEndpoint {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || env.AWS_ENDPOINT_URL;
  const fips = env.AWS_USE_FIPS_ENDPOINT === 'true';
  return { url: new URL(configured || regionalEndpoint(service, region, fips)), region };
}

/** The regional endpoints: the China partition has its own domain; FIPS has its own host. */
function regionalEndpoint(service: string, region: string, fips: boolean): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}${fips ? '-fips' : ''}.${region}.${domain}`;
}

/**
 * Lambda hands a function its role's credentials in the environment; they are read per request
 * because a long-lived process outside Lambda may have them rotated.
 */
function credentials(env: NodeJS.ProcessEnv = process.env) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) {
    throw new AwsServiceError(
      'CredentialsProviderError',
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY): Lambda sets them for a function',
      undefined,
      undefined,
      0,
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}

/** The SDK's standard strategy: three attempts, full jitter on 100 ms doubling, capped at 20 s. */
const MAX_ATTEMPTS = 3;
const backoff = (attempt: number) => Math.random() * Math.min(20_000, 100 * 2 ** attempt);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `attempt` (given its number, from 1) until it succeeds, fails for good, or the attempts run out. */
export async function withRetries<T>(attempt: (number: number) => Promise<T>): Promise<T> {
  for (let number = 1; ; number++) {
    try {
      return await attempt(number);
    } catch (error) {
      if (number >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await pause(backoff(number));
    }
  }
}

export interface AwsRequest {
  service: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface AwsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One service's signed requests over keep-alive connections; what they answer is the caller's to read. */
export class AwsHttp {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(readonly endpoint: ServiceEndpoint) {
    const secure = endpoint.url.protocol === 'https:';
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: 50 })
      : new HttpAgent({ keepAlive: true, maxSockets: 50 });
    this.send = secure ? httpsRequest : httpRequest;
  }

  exchange({ service, path, headers, body }: AwsRequest): Promise<AwsAnswer> {
    const { url, region } = this.endpoint;
    const signed = signRequest({ host: url.host, path, method: 'POST', service, region, headers, body }, credentials());
    return new Promise((resolve, reject) => {
      const request = this.send(
        { ...signed, hostname: url.hostname, port: url.port || undefined, agent: this.agent } as never,
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
