import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { requestUrl } from './request-url';
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
  // A REST route's ApiKeyRequired without a key.
  Forbidden: 'ForbiddenException',
};

/** Where a signature must be scoped: this runtime's region and the service it plays on that endpoint. */
export interface CredentialScope {
  region: string;
  service: string;
}

/** AWS's refusal of a signature scoped to another region or service, or undefined. */
function scopeRefusal(scope: CredentialScope | undefined, region: string, service: string): string | undefined {
  if (!scope) return undefined;
  if (service !== scope.service) return `Credential should be scoped to correct service: '${scope.service}'.`;
  if (region !== scope.region) return `Credential should be scoped to a valid region, not '${region}'.`;
  return undefined;
}

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
  scope?: CredentialScope,
): Promise<string | undefined> {
  const url = requestUrl(request);
  // Browsers cannot set headers on a WebSocket handshake: IAM-authorized $connect routes take a presigned URL.
  if (request.headers.authorization === undefined && url.searchParams.has('X-Amz-Signature'))
    return verifyPresigned(request, url, accepted, scope);
  const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
  if (!match) return SIGV4_MESSAGES.missing;
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match as unknown as string[];
  const outOfScope = scopeRefusal(scope, region!, service!);
  if (outOfScope) return outOfScope;
  const credentials = credentialOf(accepted, accessKeyId!);
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
  const query = queryOf(url);
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

function queryOf(url: URL, leaveOut: Set<string> = new Set()): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    if (leaveOut.has(name)) continue;
    const existing = query[name];
    query[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return query;
}

const credentialOf = (accepted: LocalCredentials | LocalCredentials[], accessKeyId: string) =>
  ([] as LocalCredentials[]).concat(accepted).find((candidate) => candidate.accessKeyId === accessKeyId);

/** The parameters a presigned URL carries that the signer adds itself (the signature is left out of what it signs). */
const PRESIGN_PARAMETERS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
]);
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

/** A SigV4 query-string signature (a presigned URL), recomputed with the signer's own presign. */
async function verifyPresigned(
  request: IncomingMessage,
  url: URL,
  accepted: LocalCredentials | LocalCredentials[],
  scope: CredentialScope | undefined,
): Promise<string | undefined> {
  const parameter = (name: string) => url.searchParams.get(name) ?? '';
  const credential = CREDENTIAL.exec(parameter('X-Amz-Credential'));
  if (parameter('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !credential) return SIGV4_MESSAGES.missing;
  const [, accessKeyId, , region, service] = credential as unknown as string[];
  const outOfScope = scopeRefusal(scope, region!, service!);
  if (outOfScope) return outOfScope;
  const credentials = credentialOf(accepted, accessKeyId!);
  if (!credentials) return SIGV4_MESSAGES.unknownKey;
  const signingDate = new Date(
    parameter('X-Amz-Date').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const expiresIn = Number(parameter('X-Amz-Expires') || 900);
  // SigV4 presigned URLs live from 1 second to 7 days.
  if (Number.isNaN(signingDate.getTime()) || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800)
    return SIGV4_MESSAGES.mismatch;
  if (signingDate.getTime() - Date.now() > MAX_SKEW_MS || Date.now() > signingDate.getTime() + expiresIn * 1000)
    return SIGV4_MESSAGES.expired;
  const signedHeaders = parameter('X-Amz-SignedHeaders').split(';').filter(Boolean);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return SIGV4_MESSAGES.mismatch;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: region!,
    service: service!,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const presigned = await signer.presign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: headers.host ?? 'localhost',
      path: url.pathname,
      query: queryOf(url, PRESIGN_PARAMETERS),
      headers,
    },
    { signingDate, expiresIn, signableHeaders: new Set(signedHeaders) },
  );
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  const given = parameter('X-Amz-Signature');
  const same = expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  return same ? undefined : SIGV4_MESSAGES.mismatch;
}
