import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { ENV } from '../core';
import {
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidClaimError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';

export interface TokenSettings {
  jwksUrl: string;
  issuer: string;
  /** Empty accepts any audience. */
  audience: string;
}

export class TokenRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRejectedError';
  }
}

/** The keys could not be fetched: not the client's fault, so not a 401. */
export class VerifierUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'VerifierUnavailableError';
  }
}

/**
 * Why aws-jwt-verify refused a token, in words for the log (never the token itself). Matched by
 * class, not by name: the layer is minified, and the library's errors do not set `name`.
 */
const REASONS: [abstract new (...args: never[]) => Error, string][] = [
  [JwtExpiredError, 'expired'],
  [JwtNotBeforeError, 'not valid yet'],
  [JwtInvalidIssuerError, 'wrong issuer'],
  [JwtInvalidAudienceError, 'wrong audience'],
  [KidNotFoundInJwksError, 'signed with a key not in the JWKS'],
  [JwtWithoutValidKidError, 'no key id'],
  [JwtInvalidSignatureError, 'bad signature'],
  [JwtInvalidSignatureAlgorithmError, 'signature algorithm not allowed'],
  [JwtParseError, 'not a JWT'],
  [JwtInvalidClaimError, 'a claim is invalid'],
];
/** The keys could not be had: the token may be fine. */
const UNAVAILABLE: (abstract new (...args: never[]) => Error)[] = [
  FetchError,
  NonRetryableFetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  WaitPeriodNotYetEndedJwkError,
];

/** Global fetch handles http as well as https, so a JWKS served locally in tests and offline works too. */
class FetchFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    return response.arrayBuffer();
  }
}

export type VerifyToken = (token: string | undefined) => Promise<{ subject: string }>;

/** Verifies an RS256-family JWT against the JWKS; the keys are fetched once and cached. */
export function createTokenVerifier(settings: TokenSettings): VerifyToken {
  const verifier = JwtVerifier.create(
    { issuer: settings.issuer, audience: settings.audience || null, jwksUri: settings.jwksUrl },
    { jwksCache: new SimpleJwksCache({ fetcher: new FetchFetcher() }) },
  );
  return async (token) => {
    if (!token) throw new TokenRejectedError('missing token');
    try {
      const payload = await verifier.verify(token);
      // A token without an expiry would be good forever if it leaked.
      if (typeof payload.exp !== 'number') throw new TokenRejectedError('no expiry (exp)');
      if (typeof payload.sub !== 'string') throw new TokenRejectedError('no subject');
      return { subject: payload.sub };
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      if (UNAVAILABLE.some((type) => error instanceof type) || !(error instanceof JwtBaseError)) {
        throw new VerifierUnavailableError(
          `the JWKS could not be used: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
      }
      throw new TokenRejectedError(REASONS.find(([type]) => error instanceof type)?.[1] ?? 'invalid token');
    }
  };
}

/** Token checking is on when the template gives a JWKS URL; `undefined` means open connects. */
export function tokenSettingsFromEnv(env: NodeJS.ProcessEnv): TokenSettings | undefined {
  const jwksUrl = env[ENV.JWKS_URL];
  if (!jwksUrl) return undefined;
  // An empty issuer would refuse every valid token; the template's IssuerWithJwks rule says the same at deploy time.
  const issuer = env[ENV.JWT_ISSUER];
  if (!issuer) throw new Error('JWT_ISSUER must be set when JWKS_URL is: the `iss` every connect token carries');
  return { jwksUrl, issuer, audience: env[ENV.JWT_AUDIENCE] ?? '' };
}
