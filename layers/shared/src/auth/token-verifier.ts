import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
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
      if (typeof payload.sub !== 'string') throw new TokenRejectedError('token has no subject');
      return { subject: payload.sub };
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      // The library's message says what failed (expired, wrong issuer, bad signature); it never contains the token.
      throw new TokenRejectedError(error instanceof Error ? error.name : 'invalid token');
    }
  };
}

/** Token checking is on when the template gives a JWKS URL; `undefined` means open connects. */
export function tokenSettingsFromEnv(env: NodeJS.ProcessEnv): TokenSettings | undefined {
  if (!env.JWKS_URL) return undefined;
  return { jwksUrl: env.JWKS_URL, issuer: env.JWT_ISSUER ?? '', audience: env.JWT_AUDIENCE ?? '' };
}
