import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { sign } from 'aws4';
import { ConnectionsApiError, errorFromResponse } from './connections-error';
import { managementEndpoint } from './management-endpoint';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ConnectionSenderOptions {
  /** The WebSocket stage URL (wss://…/stage) or its https:// management endpoint. */
  endpoint: string;
  maxSockets: number;
  /** Region to sign for; taken from an execute-api host name, else AWS_REGION. */
  region?: string;
  /** Read per request, so rotated credentials are picked up; Lambda's environment by default. */
  credentials?: () => AwsCredentials;
  /** A request with no answer for this long fails with TimeoutError (and is counted failed, not retried). */
  timeoutMs?: number;
}

/** PostToConnection over a keep-alive socket, signed with SigV4: the call without the SDK's per-call machinery. */
export interface ConnectionSender {
  post(connectionId: string, data: Uint8Array): Promise<void>;
  destroy(): void;
}

/** The credentials Lambda puts in every function's environment (the execution role's, session token included). */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; the @connections API needs signed requests');
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function createConnectionSender(options: ConnectionSenderOptions): ConnectionSender {
  const base = new URL(managementEndpoint(options.endpoint));
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets })
    : new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets });
  const send = secure ? httpsRequest : httpRequest;
  const region = options.region ?? EXECUTE_API_HOST.exec(base.hostname)?.[1] ?? process.env.AWS_REGION ?? 'us-east-1';
  const credentials = options.credentials ?? (() => credentialsFromEnvironment());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const stagePath = base.pathname.replace(/\/+$/, '');

  const post = (connectionId: string, data: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const signed = sign(
        {
          host: base.host,
          path: `${stagePath}/@connections/${encodeURIComponent(connectionId)}`,
          method: 'POST',
          service: 'execute-api',
          region,
          body,
          headers: { 'Content-Type': 'application/octet-stream' },
        },
        credentials(),
      );
      const request = send(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, path: signed.path, method: 'POST', headers: signed.headers as Record<string, string>, agent },
        (response) => settle(response, resolve, reject),
      );
      request.setTimeout(timeoutMs, () => request.destroy(new ConnectionsApiError('TimeoutError', `No answer from @connections within ${timeoutMs} ms`, undefined)));
      request.on('error', reject);
      request.end(body);
    });

  return { post, destroy: () => agent.destroy() };
}

function settle(response: IncomingMessage, resolve: () => void, reject: (error: Error) => void): void {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    response.resume();
    response.on('end', resolve);
    response.on('error', reject);
    return;
  }
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('error', reject);
  response.on('end', () => {
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    reject(errorFromResponse(status, header('x-amzn-errortype'), Buffer.concat(chunks).toString('utf8'), header('x-amzn-requestid')));
  });
}
