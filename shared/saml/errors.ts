import { LabError } from '../errors/lab-error.ts';

/**
 * Every way a SAML token can be refused (docs/federation.md, "SAML toolkit"). All are 401
 * with the OAuth wire code `invalid_grant`, the answer of a token endpoint that was handed
 * a bad SAML bearer assertion.
 */
export type SamlErrorCode =
  | 'SAML_UNSIGNED'
  | 'SAML_SIGNATURE'
  | 'SAML_WRAPPED'
  | 'SAML_UNTRUSTED_KEY'
  | 'SAML_ALGORITHM'
  | 'SAML_EXPIRED'
  | 'SAML_NOT_YET_VALID'
  | 'SAML_AUDIENCE'
  | 'SAML_ISSUER'
  | 'SAML_REPLAYED'
  | 'SAML_CONFIRMATION'
  | 'XML_REJECTED';

export function samlError(code: SamlErrorCode, message: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, message, wireCode: 'invalid_grant', cause });
}

/** Re-raises a parser rejection (400 from shared/xml) as the SAML consumer's 401. */
export function asSamlError(error: unknown): unknown {
  if (error instanceof LabError && error.code === 'XML_REJECTED') return samlError('XML_REJECTED', error.message, error);
  return error;
}
