import { LabError } from '../errors/lab-error.ts';

/**
 * Every way a DAuth request or token is refused. Exchange answers a bad token with a SOAP
 * fault reading "An error occurred when processing the security tokens in the message"
 * (server-flows §2.4); the lab keeps that sentence first and names the reason after it,
 * so a reader of the fault learns why. `wireCode` is the WS-Security 1.1 §12 fault subcode.
 */
export type DauthErrorCode =
  // at the gateway: the request
  | 'DAUTH_REQUEST_MALFORMED'
  | 'DAUTH_REQUEST_SIGNATURE'
  | 'DAUTH_UNKNOWN_ORGANIZATION'
  | 'DAUTH_STALE_TIMESTAMP'
  | 'DAUTH_REQUEST_UNDECRYPTABLE'
  | 'DAUTH_DOMAIN_NOT_FEDERATED'
  | 'DAUTH_UNKNOWN_TARGET'
  | 'DAUTH_UNKNOWN_OFFER'
  // at the receiver: the token
  | 'DAUTH_TOKEN_MISSING'
  | 'DAUTH_TOKEN_UNDECRYPTABLE'
  | 'DAUTH_TOKEN_SIGNATURE'
  | 'DAUTH_TOKEN_AUDIENCE'
  | 'DAUTH_TOKEN_EXPIRED'
  | 'DAUTH_TOKEN_REPLAYED'
  | 'DAUTH_TOKEN_INVALID'
  | 'DAUTH_TOKEN_OFFER'
  | 'DAUTH_NO_ORGANIZATION_RELATIONSHIP';

export const SECURITY_TOKEN_ERROR = 'An error occurred when processing the security tokens in the message';

const wireCodes: Partial<Record<DauthErrorCode, string>> = {
  DAUTH_REQUEST_MALFORMED: 'InvalidSecurity',
  DAUTH_REQUEST_SIGNATURE: 'FailedCheck',
  DAUTH_UNKNOWN_ORGANIZATION: 'SecurityTokenUnavailable',
  DAUTH_STALE_TIMESTAMP: 'MessageExpired',
  DAUTH_REQUEST_UNDECRYPTABLE: 'FailedCheck',
  DAUTH_TOKEN_MISSING: 'InvalidSecurity',
  DAUTH_TOKEN_UNDECRYPTABLE: 'FailedCheck',
  DAUTH_TOKEN_SIGNATURE: 'FailedCheck',
  DAUTH_TOKEN_EXPIRED: 'MessageExpired',
};

/** A 401 (400 for a malformed request) whose message starts with Exchange's sentence. */
export function dauthError(code: DauthErrorCode, diagnostic: string, cause?: unknown): LabError {
  return new LabError({
    code,
    statusCode: code === 'DAUTH_REQUEST_MALFORMED' ? 400 : 401,
    message: `${SECURITY_TOKEN_ERROR}: ${diagnostic}`,
    wireCode: wireCodes[code] ?? 'InvalidSecurityToken',
    cause,
  });
}
