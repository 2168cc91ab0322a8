import { X509Certificate } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { parseXml } from '../xml/safe-parse.ts';
import { readSignedAssertion, type SignedAssertion } from './claims.ts';
import { readSignedSaml20Assertion } from './claims-2-0.ts';
import { checkAudience, checkIssuer, checkValidity } from './conditions.ts';
import { dialects, type AssertionDialect, type SamlVersion } from './dialect.ts';
import { asSamlError, samlError } from './errors.ts';
import type { ReplayCache } from './replay-cache.ts';
import { checkPinnedAlgorithms } from './signature-algorithms.ts';
import { locateSignedAssertion } from './signature-structure.ts';
import { verifySignedContent } from './signature-verify.ts';

export { createReplayCache, type ReplayCache, type ReplayCacheOptions } from './replay-cache.ts';
export { extractAssertionFromRstr, extractSamlTokenFromRstr } from './extract-rstr.ts';
export { claimedIssuer } from './claimed-issuer.ts';
export type { SamlVersion } from './dialect.ts';

/** docs/federation.md, "SAML toolkit". The same options verify SAML 1.1 and SAML 2.0. */
export interface VerifySaml11Options {
  /** PEM certificates whose keys may sign (a rollover's current and next). KeyInfo never adds one. */
  readonly trustedCertificates: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  /** Tolerance on NotBefore and NotOnOrAfter. Default 300: the Microsoft libraries' skew (security.md). */
  readonly clockSkewSeconds?: number;
  readonly now: Date;
  readonly replayCache: ReplayCache;
}

export type VerifyAssertionOptions = VerifySaml11Options;

export interface VerifiedAssertion {
  readonly assertionId: string;
  readonly issuer: string;
  readonly nameIdentifier: string;
  /** Claim URI (AttributeNamespace + "/" + AttributeName) → values. */
  readonly attributes: Map<string, string[]>;
  readonly authenticationMethod: string | undefined;
  readonly notOnOrAfter: Date;
  /** The trusted certificate (PEM) that verified the signature. */
  readonly signingCertificate: string;
}

function checkOptions(options: VerifySaml11Options): void {
  if (options.trustedCertificates.length === 0) throw new TypeError('trustedCertificates must name at least one certificate');
  options.trustedCertificates.forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new TypeError(`trustedCertificates[${index}] is not a PEM certificate`, { cause: error });
    }
  });
  if (options.clockSkewSeconds !== undefined && !(options.clockSkewSeconds >= 0)) throw new TypeError('clockSkewSeconds must be zero or more');
}

function parse(xml: string): Document {
  try {
    return parseXml(xml);
  } catch (error) {
    throw asSamlError(error);
  }
}

/** Where each version's claims are read from the signed bytes. */
const readers: Readonly<Record<SamlVersion, (signedXml: string, expectedId: string) => SignedAssertion>> = {
  '1.1': readSignedAssertion,
  '2.0': readSignedSaml20Assertion,
};

/**
 * The one verifier behind both versions: structure (one assertion, one signature, XSW),
 * pinned algorithms, the signature by a trusted key only, then issuer, lifetime, audience
 * and one-time use, all read from the bytes the signature covered.
 */
function verifyAssertion(xml: string, options: VerifyAssertionOptions, dialect: AssertionDialect): VerifiedAssertion {
  checkOptions(options);
  const clockSkewSeconds = options.clockSkewSeconds ?? 300;
  const parts = locateSignedAssertion(parse(xml), dialect);
  checkPinnedAlgorithms(parts.signedInfo, parts.reference);
  const { signedXml, signingCertificate } = verifySignedContent(xml, parts.signature, options.trustedCertificates, dialect.idAttribute);
  const signed = readers[dialect.version](signedXml, parts.assertionId);
  checkIssuer(signed.issuer, options.issuer);
  const notOnOrAfter = checkValidity(signed.conditions, options.now, clockSkewSeconds);
  checkAudience(signed.conditions, options.audience);
  if (options.replayCache.seen(signed.assertionId, new Date(notOnOrAfter.getTime() + clockSkewSeconds * 1000))) {
    throw samlError('SAML_REPLAYED', `the assertion ${signed.assertionId} has already been used`);
  }
  return {
    assertionId: signed.assertionId,
    issuer: signed.issuer,
    nameIdentifier: signed.nameIdentifier,
    attributes: signed.attributes,
    authenticationMethod: signed.authenticationMethod,
    notOnOrAfter,
    signingCertificate,
  };
}

/**
 * Verifies a signed SAML 1.1 assertion and returns its claims, read only from the bytes
 * the signature covered. Every refusal is a 401 LabError with wire code `invalid_grant`;
 * the replay cache records the assertion only once every other check has passed.
 */
export function verifySaml11Assertion(xml: string, options: VerifySaml11Options): VerifiedAssertion {
  return verifyAssertion(xml, options, dialects['1.1']);
}

/**
 * Verifies a signed SAML 2.0 assertion with exactly the SAML 1.1 checks, plus a bearer
 * SubjectConfirmation whose NotOnOrAfter, when present, also bounds its use (RFC 7522 §3).
 * Attributes are keyed by their Name, the claim URI; `authenticationMethod` is the
 * AuthnContextClassRef.
 */
export function verifySaml20Assertion(xml: string, options: VerifyAssertionOptions): VerifiedAssertion {
  return verifyAssertion(xml, options, dialects['2.0']);
}

/** The verifier of `version`: for callers that take either, as the SAML bearer grants do. */
export function verifySamlAssertion(version: SamlVersion, xml: string, options: VerifyAssertionOptions): VerifiedAssertion {
  return verifyAssertion(xml, options, dialects[version]);
}
