import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { LabError } from '../errors/lab-error.ts';

/**
 * Verifies a JWT the way every lab relying party must (security.md): RS256 only, keys
 * only from configuration or published metadata (never `jwk`/`jku`/`x5u`/`x5c` from the
 * token), `exp` required, issuer and audience checked, 300 s clock skew (the Microsoft
 * default, stated rather than implied). Failures are LabErrors with stable codes and
 * the OAuth `invalid_token` wire code.
 */
export interface VerifyOptions {
  readonly keys: readonly JWK[];
  readonly issuer: string | readonly string[];
  readonly audience: string | readonly string[];
  readonly clockToleranceSeconds?: number;
  readonly now?: Date;
  /** Which hop is verifying, for the error message (e.g. `exchange-online ← azure-auth`). */
  readonly hop: string;
}

const headerKeyParameters = ['jwk', 'jku', 'x5u', 'x5c'] as const;

function invalid(code: string, message: string, hop: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, message, hop, wireCode: 'invalid_token', cause });
}

export async function verifyJwt(token: string, options: VerifyOptions): Promise<JWTPayload> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw invalid('TOKEN_MALFORMED', 'the token is not a JWS compact serialization', options.hop, error);
  }
  if (header.alg !== 'RS256') throw invalid('TOKEN_ALG', `the token's alg is "${String(header.alg)}"; only RS256 is accepted`, options.hop);
  for (const parameter of headerKeyParameters) {
    if (parameter in header) throw invalid('TOKEN_HEADER_KEY', `the token carries its own key (${parameter}); keys come only from metadata`, options.hop);
  }
  if (!options.keys.some((key) => key.kid === header.kid)) throw invalid('TOKEN_UNKNOWN_KEY', `the token is signed with key "${String(header.kid)}", which the issuer does not publish`, options.hop);
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [...options.keys] }), {
      algorithms: ['RS256'],
      issuer: options.issuer as string | string[],
      audience: options.audience as string | string[],
      clockTolerance: options.clockToleranceSeconds ?? 300,
      requiredClaims: ['exp', 'iss', 'aud'],
      currentDate: options.now,
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalid('TOKEN_EXPIRED', 'the token has expired', options.hop, error);
    if (error instanceof errors.JWTClaimValidationFailed) throw invalid(`TOKEN_CLAIM_${error.claim.toUpperCase()}`, `the token's ${error.claim} claim is not acceptable: ${error.reason}`, options.hop, error);
    if (error instanceof errors.JWSSignatureVerificationFailed) throw invalid('TOKEN_SIGNATURE', 'the token signature does not verify', options.hop, error);
    throw invalid('TOKEN_INVALID', `the token is not valid: ${(error as Error).message}`, options.hop, error);
  }
}
