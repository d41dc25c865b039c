import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The Sha256 constructor the signer wants, on Node's crypto: an HMAC when given a secret. */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Source) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

export class NodeSha256 {
  private readonly hash;
  constructor(secret?: Source) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Source): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

/** API Gateway's own words for each way a SigV4 request can fail, and the error type it names. */
export const SIGV4_ERROR_TYPES: Record<string, string> = {
  'Missing Authentication Token': 'MissingAuthenticationTokenException',
  'The security token included in the request is invalid.': 'UnrecognizedClientException',
};

export const SIGV4_MESSAGES = {
  missing: 'Missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  expired: 'Signature expired: the request time is more than 5 minutes away from the server time.',
};

/**
 * Checks a request's SigV4 signature by recomputing it with the maintained signer; returns the
 * reason to refuse, or undefined when the signature is good.
 */
export async function verifySigV4(
  request: IncomingMessage,
  body: Buffer,
  accepted: LocalCredentials | LocalCredentials[],
): Promise<string | undefined> {
  const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
  if (!match) return SIGV4_MESSAGES.missing;
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match as unknown as string[];
  const credentials = ([] as LocalCredentials[])
    .concat(accepted)
    .find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!credentials) return SIGV4_MESSAGES.unknownKey;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signingDate.getTime())) return SIGV4_MESSAGES.mismatch;
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) return SIGV4_MESSAGES.expired;

  const signedHeaders = signedHeaderList!.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return SIGV4_MESSAGES.mismatch;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // A signed payload hash binds the body: a body replaced after signing must not pass on the old hash.
  const payloadHash = headers['x-amz-content-sha256'];
  if (
    payloadHash !== undefined &&
    payloadHash !== 'UNSIGNED-PAYLOAD' &&
    payloadHash !== createHash('sha256').update(body).digest('hex')
  ) {
    return SIGV4_MESSAGES.mismatch;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  // applyChecksum off: only the headers the caller signed take part (botocore does not sign a payload-hash header).
  // The path as it came over the wire: the signer escapes it once more, the double encoding AWS
  // expects of every service but S3 (a connection id's `=` arrives as %3D and is signed as %253D).
  const signer = new SignatureV4({
    credentials,
    region: region!,
    service: service!,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: headers.host ?? 'localhost',
      path: url.pathname,
      query,
      headers,
      body,
    },
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const same = expected.length === signature!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
  return same ? undefined : SIGV4_MESSAGES.mismatch;
}
