import { randomUUID } from 'node:crypto';
import type { KeyPair } from '../pki/index.ts';
import { signedSaml11Assertion } from '../saml/sign.ts';
import { encryptElement } from '../xmlenc/index.ts';
import { delegationClaims, GATEWAY_ISSUER, XML_DSIG_AUTHENTICATION } from './namespaces.ts';

/**
 * The delegation token the gateway issues (server-flows §2.3): a SAML 1.1 assertion — the
 * TokenType [MS-OXWSLVID] §3.3.4.1.1 requests (`urn:oasis:names:tc:SAML:1.0:assertion`) —
 * naming the user by an immutable id, with the e-mail address, immutable id and offer as
 * attributes, audience the target's ApplicationUri, signed by the gateway (enveloped,
 * exc-c14n, RSA-SHA256) and then encrypted to the target organization's certificate, so
 * only that organization can read who is asking (seed 003).
 */
export interface DelegationTokenClaims {
  readonly requesterSmtp: string;
  readonly immutableId: string;
  readonly offer: string;
}

export interface IssueDelegationTokenOptions {
  readonly audience: string;
  readonly gateway: KeyPair;
  readonly targetCertificate: string;
  readonly now: Date;
  /**
   * Validity from `now`. Default 300 s: a delegation token is asked for per request and
   * used at once, so five minutes (plus the receiver's 300 s skew) is plenty.
   */
  readonly lifetimeSeconds?: number;
}

export interface IssuedDelegationToken {
  /** The `xenc:EncryptedData` that rides in the RSTR and later in wsse:Security. */
  readonly encryptedToken: string;
  readonly assertionId: string;
  readonly notOnOrAfter: Date;
}

export async function issueDelegationToken(claims: DelegationTokenClaims, options: IssueDelegationTokenOptions): Promise<IssuedDelegationToken> {
  const lifetimeSeconds = options.lifetimeSeconds ?? 300;
  const instant = options.now.toISOString();
  const notOnOrAfter = new Date(options.now.getTime() + lifetimeSeconds * 1000);
  const assertionId = `_${randomUUID()}`;
  const split = (claimUri: string, value: string) => ({ namespace: claimUri.slice(0, claimUri.lastIndexOf('/')), name: claimUri.slice(claimUri.lastIndexOf('/') + 1), values: [value] });
  const assertion = signedSaml11Assertion(
    {
      assertionId,
      issuer: GATEWAY_ISSUER,
      issueInstant: instant,
      notBefore: instant,
      notOnOrAfter: notOnOrAfter.toISOString(),
      audience: options.audience,
      nameIdentifier: claims.immutableId,
      attributes: [split(delegationClaims.emailAddress, claims.requesterSmtp), split(delegationClaims.immutableId, claims.immutableId), split(delegationClaims.offer, claims.offer)],
      authenticationMethod: XML_DSIG_AUTHENTICATION,
      authenticationInstant: instant,
    },
    options.gateway,
  );
  return { encryptedToken: await encryptElement(assertion, options.targetCertificate), assertionId, notOnOrAfter };
}
