import type { Element } from '@xmldom/xmldom';
import { childElements } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { dialects, type SamlVersion } from './dialect.ts';
import { asSamlError, samlError } from './errors.ts';

/**
 * The issuer an assertion claims, read before any verification: the `Issuer` attribute
 * (SAML 1.1 §2.3.2) or the `saml:Issuer` element (SAML 2.0 Core §2.3.3). A relying party
 * uses it only to choose which trust (certificates, expected issuer) to verify with; the
 * verifier then checks the signed issuer against that trust. Never a claim.
 */
export function claimedIssuer(xml: string, version: SamlVersion): string {
  let root: Element | null;
  try {
    root = parseXml(xml).documentElement;
  } catch (error) {
    throw asSamlError(error);
  }
  // A wrapper around an assertion is the shape of signature wrapping (security.md): refuse it
  // here, before it is mistaken for an unknown issuer. Another SAML version's assertion
  // claims no issuer of this version.
  if (!root || root.localName !== 'Assertion') throw samlError('SAML_WRAPPED', `the token's root element is ${root?.localName ?? 'missing'}, not a SAML Assertion; a wrapper around an assertion is signature wrapping`);
  if (root.namespaceURI !== dialects[version].namespace) return '';
  if (version === '1.1') return root.getAttribute('Issuer') ?? '';
  const issuers = childElements(root, dialects[version].namespace, 'Issuer');
  return issuers.length === 1 ? (issuers[0]!.textContent ?? '').trim() : '';
}
