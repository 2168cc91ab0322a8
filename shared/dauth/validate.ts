import type { Element } from '@xmldom/xmldom';
import { LabError } from '../errors/lab-error.ts';
import type { ReplayCache } from '../saml/replay-cache.ts';
import { verifySaml11Assertion, type VerifiedAssertion } from '../saml/verify.ts';
import { decryptElement } from '../xmlenc/index.ts';
import { authorizeFreeBusy, type FreeBusyAccessLevel, type OrganizationRelationshipView } from './authorize.ts';
import { dauthError, type DauthErrorCode } from './errors.ts';
import { domainOf } from './federation-trust.ts';
import { delegationClaims, GATEWAY_ISSUER, offers } from './namespaces.ts';
import { CLOCK_SKEW_SECONDS } from './timestamp.ts';

/**
 * The receiving Exchange organization's check of a delegation token (server-flows §2.6):
 * decrypt with its own federation key (one error for every failure); verify the gateway's
 * signature with the gateway certificate from configuration only (KeyInfo never supplies a
 * key); issuer the gateway, audience its own ApplicationUri, lifetime with 300 s skew and
 * one use per assertion within it; the offer is the one asked for; then domain-based
 * authorization against its OrganizationRelationships.
 */
export interface ValidateDelegationTokenOptions {
  /** This organization's federation private key (PEM). */
  readonly decryptionKeyPem: string;
  /** The gateway's certificate(s) from configuration or its federation metadata. */
  readonly gatewayCertificates: readonly string[];
  readonly ownApplicationUri: string;
  readonly organizationRelationships: readonly OrganizationRelationshipView[];
  readonly replayCache: ReplayCache;
  readonly now: Date;
  /** Default free/busy. */
  readonly offer?: string;
}

export interface ValidatedDelegation {
  readonly requesterSmtp: string;
  readonly domain: string;
  readonly freeBusyAccessLevel: FreeBusyAccessLevel;
  readonly immutableId: string;
  readonly assertionId: string;
}

const undecryptable = 'the delegation token could not be decrypted with this organization\'s federation key';

/** SAML verifier codes → DAuth codes; the verifier's message is the diagnostic. */
const fromSaml: Readonly<Record<string, DauthErrorCode>> = {
  SAML_SIGNATURE: 'DAUTH_TOKEN_SIGNATURE',
  SAML_UNTRUSTED_KEY: 'DAUTH_TOKEN_SIGNATURE',
  SAML_UNSIGNED: 'DAUTH_TOKEN_SIGNATURE',
  SAML_AUDIENCE: 'DAUTH_TOKEN_AUDIENCE',
  SAML_EXPIRED: 'DAUTH_TOKEN_EXPIRED',
  SAML_NOT_YET_VALID: 'DAUTH_TOKEN_EXPIRED',
  SAML_REPLAYED: 'DAUTH_TOKEN_REPLAYED',
};

function decrypt(token: Element | string, keyPem: string): string {
  try {
    return decryptElement(token, keyPem);
  } catch (error) {
    throw dauthError('DAUTH_TOKEN_UNDECRYPTABLE', undecryptable, error);
  }
}

function verify(assertion: string, options: ValidateDelegationTokenOptions): VerifiedAssertion {
  try {
    return verifySaml11Assertion(assertion, {
      trustedCertificates: options.gatewayCertificates,
      issuer: GATEWAY_ISSUER,
      audience: options.ownApplicationUri,
      clockSkewSeconds: CLOCK_SKEW_SECONDS,
      now: options.now,
      replayCache: options.replayCache,
    });
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw dauthError(fromSaml[error.code] ?? 'DAUTH_TOKEN_INVALID', `the delegation token was refused: ${error.message}`, error);
  }
}

function single(assertion: VerifiedAssertion, claimUri: string): string {
  const values = assertion.attributes.get(claimUri) ?? [];
  if (values.length !== 1 || !values[0]) throw dauthError('DAUTH_TOKEN_INVALID', `the delegation token needs exactly one ${claimUri} claim`);
  return values[0];
}

export function validateDelegationToken(token: Element | string, options: ValidateDelegationTokenOptions): ValidatedDelegation {
  const assertion = verify(decrypt(token, options.decryptionKeyPem), options);
  const requesterSmtp = single(assertion, delegationClaims.emailAddress);
  const offer = single(assertion, delegationClaims.offer);
  const expected = options.offer ?? offers.freeBusy;
  if (offer !== expected) throw dauthError('DAUTH_TOKEN_OFFER', `the delegation token is for the offer ${offer}, not ${expected}`);
  const grant = authorizeFreeBusy(domainOf(requesterSmtp), options.organizationRelationships);
  return { requesterSmtp, domain: grant.domain, freeBusyAccessLevel: grant.freeBusyAccessLevel, immutableId: single(assertion, delegationClaims.immutableId), assertionId: assertion.assertionId };
}
