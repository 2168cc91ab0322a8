import { samlError } from './errors.ts';
import type { SignedConditions } from './claims.ts';

/**
 * The assertion's own statements about where and when it may be used (SAML 1.1 §2.3.2;
 * SAML 2.0 Core §2.5, plus the bearer SubjectConfirmationData's NotOnOrAfter):
 * issuer, NotBefore / NotOnOrAfter with an explicit clock skew, and the audience.
 */

/** xs:dateTime in UTC, as AD FS writes it; anything else is refused rather than guessed at. */
const utcDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

function instant(value: string | undefined): number | undefined {
  if (value === undefined || !utcDateTime.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export function checkIssuer(actual: string, expected: string): void {
  if (actual !== expected) throw samlError('SAML_ISSUER', `the assertion is issued by "${actual}", not by "${expected}"`);
}

/**
 * Valid from NotBefore − skew up to, not including, NotOnOrAfter + skew.
 * Returns NotOnOrAfter.
 */
export function checkValidity(conditions: SignedConditions, now: Date, clockSkewSeconds: number): Date {
  const skewMs = clockSkewSeconds * 1000;
  const notBefore = instant(conditions.notBefore);
  const notOnOrAfter = instant(conditions.notOnOrAfter);
  if (notBefore === undefined) throw samlError('SAML_NOT_YET_VALID', `the assertion's NotBefore "${String(conditions.notBefore)}" is missing or not a UTC xs:dateTime`);
  if (notOnOrAfter === undefined) throw samlError('SAML_EXPIRED', `the assertion's NotOnOrAfter "${String(conditions.notOnOrAfter)}" is missing or not a UTC xs:dateTime`);
  if (now.getTime() < notBefore - skewMs) throw samlError('SAML_NOT_YET_VALID', `the assertion is not valid before ${conditions.notBefore} (clock skew ${clockSkewSeconds} s)`);
  if (now.getTime() >= notOnOrAfter + skewMs) throw samlError('SAML_EXPIRED', `the assertion expired at ${conditions.notOnOrAfter} (clock skew ${clockSkewSeconds} s)`);
  if (conditions.confirmationNotOnOrAfter === undefined) return new Date(notOnOrAfter);
  const confirmationEnd = instant(conditions.confirmationNotOnOrAfter);
  if (confirmationEnd === undefined) throw samlError('SAML_EXPIRED', `the SubjectConfirmationData's NotOnOrAfter "${conditions.confirmationNotOnOrAfter}" is not a UTC xs:dateTime`);
  if (now.getTime() >= confirmationEnd + skewMs) throw samlError('SAML_EXPIRED', `the bearer confirmation expired at ${conditions.confirmationNotOnOrAfter} (clock skew ${clockSkewSeconds} s)`);
  return new Date(Math.min(notOnOrAfter, confirmationEnd));
}

/** At least one audience restriction, and every one of them names `audience`. */
export function checkAudience(conditions: SignedConditions, audience: string): void {
  const restrictions = conditions.audienceRestrictions;
  if (restrictions.length === 0) throw samlError('SAML_AUDIENCE', 'the assertion has no audience restriction');
  if (!restrictions.every((audiences) => audiences.includes(audience))) {
    throw samlError('SAML_AUDIENCE', `the assertion is for [${restrictions.flat().join(', ')}], not for "${audience}"`);
  }
}
