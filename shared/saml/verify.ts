import { X509Certificate } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { parseXml } from '../xml/safe-parse.ts';
import { readSignedAssertion } from './claims.ts';
import { checkAudience, checkIssuer, checkValidity } from './conditions.ts';
import { asSamlError, samlError } from './errors.ts';
import type { ReplayCache } from './replay-cache.ts';
import { checkPinnedAlgorithms } from './signature-algorithms.ts';
import { locateSignedAssertion } from './signature-structure.ts';
import { verifySignedContent } from './signature-verify.ts';

export { createReplayCache, type ReplayCache, type ReplayCacheOptions } from './replay-cache.ts';
export { extractAssertionFromRstr } from './extract-rstr.ts';

/** docs/federation.md, "SAML toolkit". */
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

/**
 * Verifies a signed SAML 1.1 assertion and returns its claims, read only from the bytes
 * the signature covered. Every refusal is a 401 LabError with wire code `invalid_grant`;
 * the replay cache records the assertion only once every other check has passed.
 */
export function verifySaml11Assertion(xml: string, options: VerifySaml11Options): VerifiedAssertion {
  checkOptions(options);
  const clockSkewSeconds = options.clockSkewSeconds ?? 300;
  const parts = locateSignedAssertion(parse(xml));
  checkPinnedAlgorithms(parts.signedInfo, parts.reference);
  const { signedXml, signingCertificate } = verifySignedContent(xml, parts.signature, options.trustedCertificates);
  const signed = readSignedAssertion(signedXml, parts.assertionId);
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
