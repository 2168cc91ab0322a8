import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import type { KeyPair } from '../../pki/index.ts';
import { issueSaml20Assertion, type IssueSaml20Options, type Saml20Claims } from '../assertion-2-0.ts';
import { DSIG_NS, SAML2_NS } from '../namespaces.ts';
import { verifySaml20Assertion, type VerifiedAssertion, type VerifyAssertionOptions } from '../verify.ts';
import { audience, claims, first, issuedAt, issuer, lifetimeSeconds, setText, verifyOptions, victim, type Keys } from './support.ts';

/**
 * The SAML 2.0 twins of support.ts's helpers: the same keys, clock and claims, so every
 * SAML 1.1 attack test has a SAML 2.0 counterpart built the same way.
 */
export function issue2(signer: KeyPair, overrides: Partial<Saml20Claims> = {}, options: Partial<IssueSaml20Options> = {}): string {
  return issueSaml20Assertion({ ...claims, ...overrides }, signer, { issuer, audience, lifetimeSeconds, now: issuedAt, ...options });
}

export function verify2(xml: string, keys: Keys, overrides: Partial<VerifyAssertionOptions> = {}): VerifiedAssertion {
  return verifySaml20Assertion(xml, verifyOptions(keys, overrides));
}

export function mutate2(xml: string, edit: (document: Document) => void): string {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  edit(document);
  return new XMLSerializer().serializeToString(document);
}

/** The attacker's edit: the same assertion about the victim (NameID and the UPN and ImmutableID values). */
export function impersonateVictim2(assertion: Element): void {
  setText(first(assertion, SAML2_NS, 'NameID'), victim.immutableId);
  const values = Array.from(assertion.getElementsByTagNameNS(SAML2_NS, 'AttributeValue'));
  setText(values[0]!, victim.upn);
  setText(values[1]!, victim.immutableId);
}

/** A deep copy of the signed assertion, about the victim, with a new ID and no signature. */
export function evilCopy2(original: Element, id = '_evil'): Element {
  const copy = original.cloneNode(true) as Element;
  copy.setAttribute('ID', id);
  copy.removeChild(first(copy, DSIG_NS, 'Signature'));
  impersonateVictim2(copy);
  return copy;
}

export function withoutSignature2(xml: string): string {
  return mutate2(xml, (document) => document.documentElement!.removeChild(first(document, DSIG_NS, 'Signature')));
}
