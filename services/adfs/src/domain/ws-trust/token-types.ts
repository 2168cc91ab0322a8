import { issueSaml11Assertion, type IssueSaml11Options, type Saml11Claims } from '../../../../../shared/saml/assertion-1-1.ts';
import { issueSaml20Assertion } from '../../../../../shared/saml/assertion-2-0.ts';
import type { KeyPair } from '../../../../../shared/pki/index.ts';
import { malformedRequest } from './faults.ts';

/**
 * The token types usernamemixed issues, by the URIs a client may name in wst:TokenType
 * (WS-Trust 1.3 §4.1; the WSS SAML Token Profile 1.1 §3.5 names). A request without one
 * gets the relying party trust's default, SAML 1.1, as the cloud's trust is set up
 * ([ADAL] test/wstrust/RSTR.xml answers a TokenType-less RST with SAML 1.1). MSAL and
 * ADAL choose their grant from the TokenType the RSTR names.
 */
export type AssertionIssuer = (claims: Saml11Claims, signer: KeyPair, options: IssueSaml11Options) => string;

const issuers: Readonly<Record<string, AssertionIssuer>> = {
  'urn:oasis:names:tc:SAML:1.0:assertion': issueSaml11Assertion,
  'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1': issueSaml11Assertion,
  'urn:oasis:names:tc:SAML:2.0:assertion': issueSaml20Assertion,
  'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0': issueSaml20Assertion,
};

/** The issuer for the requested TokenType; one AD FS cannot issue is a malformed request that names it. */
export function assertionIssuerFor(tokenType: string | undefined): AssertionIssuer {
  if (tokenType === undefined) return issueSaml11Assertion;
  const issuer = Object.hasOwn(issuers, tokenType) ? issuers[tokenType] : undefined;
  if (!issuer) throw malformedRequest(`TokenType '${tokenType.slice(0, 200)}' is not issued here; ask for urn:oasis:names:tc:SAML:1.0:assertion or urn:oasis:names:tc:SAML:2.0:assertion`);
  return issuer;
}
