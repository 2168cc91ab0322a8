import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * How a refused EWS, ActiveSync or Autodiscover request is answered (client-flows §3,
 * from Exchange's LiveIdBasicAuthModule): the status says who is at fault, and the
 * diagnostic headers say where. Every 401 of the Basic path carries
 * `WWW-Authenticate: Basic Realm=""`.
 *
 * | kind | status | when |
 * |---|---|---|
 * | bad-credentials | 401 | wrong password, unknown user at AD FS, disabled account at AD FS |
 * | expired-password | 401 + `X-MS-Credential-Service-CredExpired: true` | AD FS `FailedAuthentication.ExpiredPassword`, AADSTS50055 |
 * | idp-failure | 401 | AD FS unreachable or answering nonsense, no usable STS URL |
 * | not-found | 403 | a name in no domain of the tenant, no such user in the cloud |
 * | denied | 403 | AD FS issuance rules (MSIS3126), an account disabled in the cloud |
 * | not-provisioned | 403 | signed in, but no mailbox in Exchange Online |
 * | unavailable | 503 + `Retry-After` | a timeout, or azure-auth itself unreachable |
 * | internal | 500 | azure-auth's token cannot be verified |
 */
export type FailureKind = 'bad-credentials' | 'expired-password' | 'idp-failure' | 'not-found' | 'denied' | 'not-provisioned' | 'unavailable' | 'internal';

const statusOf: Readonly<Record<FailureKind, number>> = {
  'bad-credentials': 401,
  'expired-password': 401,
  'idp-failure': 401,
  'not-found': 403,
  denied: 403,
  'not-provisioned': 403,
  unavailable: 503,
  internal: 500,
};

export const basicChallenge = 'Basic Realm=""';

export interface FailureDetails {
  readonly kind: FailureKind;
  /** Stable code, e.g. `BASIC_IDP_UNREACHABLE`. */
  readonly code: string;
  readonly message: string;
  readonly hop: string;
  /** Whether the user's domain is federated, when realm discovery has said so. */
  readonly federated?: boolean;
  /** The STS the credentials went to (federated users only). */
  readonly stsUrl?: string;
  readonly retryAfterSeconds?: number;
  /** Challenges instead of `Basic Realm=""` (the Bearer path sends its own pair). */
  readonly challenges?: readonly string[];
  readonly cause?: unknown;
}

/** HTTP header values are ASCII: arrows become `->`, quotes and anything else unprintable are replaced, length capped. */
export function headerSafe(value: string, max = 600): string {
  const ascii = value.replaceAll('→', '->').replaceAll('←', '<-').replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > max ? `${ascii.slice(0, max - 3)}...` : ascii;
}

/** A LabError that also carries the response headers client-flows §3 lists. */
export class CredentialServiceError extends LabError {
  readonly kind: FailureKind;
  readonly responseHeaders: Readonly<Record<string, string>>;

  constructor(details: FailureDetails) {
    const statusCode = statusOf[details.kind];
    super({
      code: details.code,
      statusCode,
      message: details.message,
      hop: details.hop,
      expose: true,
      challenges: statusCode === 401 ? (details.challenges ?? [basicChallenge]) : [],
      cause: details.cause,
    });
    this.kind = details.kind;
    const headers: Record<string, string> = {
      'x-ms-diagnostics': `${details.code};reason="${headerSafe(details.message)}";hop="${headerSafe(details.hop, 200)}";error_category="${details.kind}"`,
    };
    if (details.kind === 'expired-password') headers['x-ms-credential-service-credexpired'] = 'true';
    if (details.federated !== undefined) headers['x-ms-credential-service-federated'] = String(details.federated);
    if (details.stsUrl) headers['x-ms-credential-service-url'] = headerSafe(details.stsUrl, 400);
    if (statusCode === 503) headers['retry-after'] = String(details.retryAfterSeconds ?? 30);
    this.responseHeaders = headers;
  }
}

export function credentialFailure(details: FailureDetails): CredentialServiceError {
  return new CredentialServiceError(details);
}
