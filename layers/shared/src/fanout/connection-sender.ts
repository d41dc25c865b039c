import { createHash } from 'node:crypto';
import { errorFromResponse } from './connections-error';
import { POOL_AFTER_POSTS, senderTransport } from './sender-transport';
import { managementEndpoint } from '../core';
import { signRequest } from '../store';

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
  /**
   * Posts sent over Node's own agent before undici's pool is loaded and used (POOL_AFTER_POSTS by
   * default); 0 loads the pool now, for a sender that will post hundreds of times at once.
   */
  poolAfter?: number;
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
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; the @connections API needs signed requests',
    );
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function createConnectionSender(options: ConnectionSenderOptions): ConnectionSender {
  const base = new URL(managementEndpoint(options.endpoint));
  const transport = senderTransport(base, {
    connections: options.maxSockets,
    timeoutMs: options.timeoutMs ?? 10_000,
    poolAfter: options.poolAfter ?? POOL_AFTER_POSTS,
  });
  const region = options.region ?? EXECUTE_API_HOST.exec(base.hostname)?.[1] ?? process.env.AWS_REGION ?? 'us-east-1';
  // Lambda's credentials stay the same for the life of an execution environment: read them once.
  let fixed: AwsCredentials | undefined;
  const credentials = options.credentials ?? (() => (fixed ??= credentialsFromEnvironment()));
  const stagePath = base.pathname.replace(/\/+$/, '');
  // A broadcast posts the same bytes to everyone: hash them once, not once per recipient.
  let lastBody: Uint8Array | undefined;
  let lastHash = '';
  const bodyHash = (body: Uint8Array) => {
    if (body !== lastBody) {
      lastBody = body;
      lastHash = createHash('sha256').update(body).digest('hex');
    }
    return lastHash;
  };

  // The signing time changes once a second; given as X-Amz-Date, aws4 signs with it instead of
  // formatting a new Date for every recipient.
  let dateSecond = -1;
  let amzDate = '';
  const signingDate = () => {
    const second = Math.floor(Date.now() / 1000);
    if (second !== dateSecond) {
      dateSecond = second;
      amzDate = new Date(second * 1000).toISOString().replace(/[:-]|\.\d{3}/g, '');
    }
    return amzDate;
  };

  const post = async (connectionId: string, data: Uint8Array): Promise<void> => {
    const signed = signRequest(
      {
        host: base.host,
        path: `${stagePath}/@connections/${encodeURIComponent(connectionId)}`,
        method: 'POST',
        service: 'execute-api',
        region,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(data.byteLength),
          'X-Amz-Content-Sha256': bodyHash(data),
          'X-Amz-Date': signingDate(),
        },
      },
      credentials(),
    );
    const response = await transport.exchange({
      path: signed.path!,
      headers: signed.headers as Record<string, string>,
      body: data,
    });
    const { status } = response;
    if (status >= 200 && status < 300) return;
    throw errorFromResponse(
      status,
      response.header('x-amzn-errortype'),
      response.text,
      response.header('x-amzn-requestid'),
    );
  };

  return { post, destroy: transport.destroy };
}
