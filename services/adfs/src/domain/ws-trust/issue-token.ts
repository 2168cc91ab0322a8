import { issueClaims, toAssertionClaims } from '../issue-claims.ts';
import { passwordAuthentication, type RequestContext } from '../request-context.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { authenticate, checkAction, checkRequestType, checkTimestamp, relyingPartyTrustFor } from './checks.ts';
import { parseSoapEnvelope, readAction, readRequestSecurityToken } from './read-request.ts';
import { responseEnvelope } from './response-envelope.ts';
import { assertionIssuerFor } from './token-types.ts';
import type { WsTrustVersion } from './versions.ts';

/**
 * usernamemixed (docs/federation.md, "AD FS"): read the RST, check it step by step,
 * let the dc check the credentials, run the trust's issuance rules, and answer the
 * version's RSTR with a signed SAML 1.1 assertion, or SAML 2.0 when the RST's TokenType
 * asks for it. Any failed step throws its fault.
 */
export async function issueToken(runtime: AdfsRuntime, version: WsTrustVersion, body: string, context: RequestContext): Promise<string> {
  const now = runtime.config.clock();
  const envelope = parseSoapEnvelope(body);
  checkAction(readAction(envelope), version);
  const rst = readRequestSecurityToken(envelope, version);
  checkTimestamp(rst, now, runtime.config.timestampSkewSeconds);
  checkRequestType(rst, version);
  const issueAssertion = assertionIssuerFor(rst.tokenType);
  const trust = relyingPartyTrustFor(runtime, rst);
  const user = await authenticate(runtime, rst, context);
  const claims = toAssertionClaims(issueClaims(trust, user, context), passwordAuthentication.samlAuthenticationMethod);
  const assertion = issueAssertion(claims, runtime.tokenSigning, { issuer: runtime.config.issuer, audience: trust.identifier, lifetimeSeconds: trust.tokenLifetimeSeconds, now });
  const expires = new Date(now.getTime() + trust.tokenLifetimeSeconds * 1000);
  const rstr = version.wrap(assertion, { audience: trust.identifier, created: now, expires });
  return responseEnvelope(version, rstr, { now, timestampSeconds: runtime.config.responseTimestampSeconds, relatesTo: rst.messageId });
}
