import { LabError } from '../errors/lab-error.ts';
import { exchangePrincipal, stsIssuer } from './principals.ts';

/**
 * How an Exchange endpoint asks for, and refuses, an S2S token ([MS-XOAUTH] 3.2.5.4,
 * server-flows §1.1): 401 with the pair
 * `Bearer client_id="00000002-…", trusted_issuers="00000001-…@<tenantId>"` and
 * `Basic Realm=""`, plus an `x-ms-diagnostics` header naming the reason, as Exchange
 * sends (`<code>;reason="…";error_category="invalid_token"`, here with the hop too).
 */
export function s2sChallenges(tenantId: string, clientId: string = exchangePrincipal): string[] {
  return [`Bearer client_id="${clientId}", trusted_issuers="${stsIssuer(tenantId)}"`, 'Basic Realm=""'];
}

/** HTTP header values are ASCII: arrows become `->`, quotes `'`, the rest `?`, length capped. */
function headerSafe(value: string, max = 600): string {
  const ascii = value.replaceAll('→', '->').replaceAll('←', '<-').replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > max ? `${ascii.slice(0, max - 3)}...` : ascii;
}

/** A refused S2S token: a 401 LabError with the challenge pair and the diagnostics header. */
export class S2SAuthError extends LabError {
  readonly responseHeaders: Readonly<Record<string, string>>;

  constructor(options: { readonly code: string; readonly message: string; readonly hop: string; readonly tenantId: string; readonly cause?: unknown }) {
    super({ code: options.code, statusCode: 401, message: options.message, hop: options.hop, wireCode: 'invalid_token', challenges: s2sChallenges(options.tenantId), cause: options.cause });
    this.responseHeaders = {
      'x-ms-diagnostics': `${options.code};reason="${headerSafe(options.message)}";hop="${headerSafe(options.hop, 200)}";error_category="invalid_token"`,
    };
  }
}

/** The 401 answering an empty `Authorization: Bearer` (the discovery step of §1.1). */
export function s2sTokenRequired(tenantId: string, hop: string): S2SAuthError {
  return new S2SAuthError({ code: 'S2S_TOKEN_MISSING', message: 'a Bearer token is required; get one from the trusted issuer named in WWW-Authenticate', hop, tenantId });
}
