import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { childElements, elementsNamed, findElements } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { asSamlError, samlError } from './errors.ts';
import { dialects, type SamlVersion } from './dialect.ts';
import { WSTRUST_13_NS, WSTRUST_2005_NS } from './namespaces.ts';

/**
 * The one RequestedSecurityToken of a WS-Trust or WS-Fed response, in the 2005/02 or the
 * 200512 namespace, holding exactly one Assertion (client-flows §1.4; auth0
 * passport-wsfed-saml2). Anything more is refused as SAML_WRAPPED.
 */
function theOnlyRequestedSecurityToken(root: Element): Element {
  const tokens = [...elementsNamed(root, WSTRUST_2005_NS, 'RequestedSecurityToken'), ...elementsNamed(root, WSTRUST_13_NS, 'RequestedSecurityToken')];
  if (tokens.length !== 1) throw samlError('SAML_WRAPPED', `the response holds ${tokens.length} RequestedSecurityToken elements; exactly one is accepted`);
  return tokens[0]!;
}

function theOnlyAssertion(root: Element, token: Element, accepted: readonly SamlVersion[]): { assertion: Element; version: SamlVersion } {
  const everywhere = findElements(root, (element) => element.localName === 'Assertion');
  if (everywhere.length !== 1) throw samlError('SAML_WRAPPED', `the response holds ${everywhere.length} assertions; exactly one is accepted`);
  const children = childElements(token);
  const [assertion] = everywhere as [Element];
  const version = accepted.find((candidate) => dialects[candidate].namespace === assertion.namespaceURI);
  if (children.length !== 1 || children[0] !== assertion || version === undefined) {
    throw samlError('SAML_WRAPPED', `the RequestedSecurityToken does not hold exactly one ${accepted.map((candidate) => dialects[candidate].label).join(' or ')} Assertion`);
  }
  return { assertion, version };
}

function parsedRoot(xml: string): Element {
  let root: Element | null;
  try {
    root = parseXml(xml).documentElement;
  } catch (error) {
    throw asSamlError(error);
  }
  if (!root) throw samlError('XML_REJECTED', 'the response has no root element');
  return root;
}

/**
 * Returns the serialized Assertion of an RSTR / RSTRC (or a SOAP envelope or wresult
 * around one), for `verifySaml11Assertion`. The serializer re-declares the namespaces the
 * assertion uses, so exclusive c14n of the result equals that of the original.
 */
export function extractAssertionFromRstr(xml: string): string {
  const root = parsedRoot(xml);
  const { assertion } = theOnlyAssertion(root, theOnlyRequestedSecurityToken(root), ['1.1']);
  return new XMLSerializer().serializeToString(assertion);
}

/** Like `extractAssertionFromRstr`, for a WS-Trust response that may carry SAML 1.1 or SAML 2.0; says which. */
export function extractSamlTokenFromRstr(xml: string): { readonly assertion: string; readonly version: SamlVersion } {
  const root = parsedRoot(xml);
  const { assertion, version } = theOnlyAssertion(root, theOnlyRequestedSecurityToken(root), ['1.1', '2.0']);
  return { assertion: new XMLSerializer().serializeToString(assertion), version };
}
