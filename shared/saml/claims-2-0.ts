import type { Element } from '@xmldom/xmldom';
import { childElements, isNamed } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import type { SignedAssertion, SignedConditions } from './claims.ts';
import { asSamlError, samlError } from './errors.ts';
import { SAML2_BEARER, SAML2_NS } from './namespaces.ts';

/**
 * Reads a SAML 2.0 assertion (SAML 2.0 Core §2.3.3) out of the canonical bytes the
 * signature covered, never out of the posted document. Same rules as the SAML 1.1
 * reader: whole textContent, exactly one of each element a claim comes from. A bearer
 * token must say it is one (RFC 7522 §3 item 7; Profiles §3.3).
 */
const text = (element: Element): string => element.textContent ?? '';

function exactlyOne(parent: Element, localName: string): Element {
  const found = childElements(parent, SAML2_NS, localName);
  if (found.length !== 1) throw samlError('XML_REJECTED', `the signed assertion needs exactly one saml:${localName} in ${parent.localName}, found ${found.length}`);
  return found[0]!;
}

/** The bearer SubjectConfirmation; its data's NotOnOrAfter, if any, bounds the assertion's use. */
function bearerConfirmation(subject: Element): string | undefined {
  const bearers = childElements(subject, SAML2_NS, 'SubjectConfirmation').filter((confirmation) => confirmation.getAttribute('Method') === SAML2_BEARER);
  if (bearers.length !== 1) throw samlError('SAML_CONFIRMATION', `the assertion needs exactly one SubjectConfirmation with Method ${SAML2_BEARER}, found ${bearers.length}`);
  const data = childElements(bearers[0]!, SAML2_NS, 'SubjectConfirmationData');
  if (data.length > 1) throw samlError('SAML_CONFIRMATION', 'the bearer SubjectConfirmation has more than one SubjectConfirmationData');
  return data[0]?.getAttribute('NotOnOrAfter') || undefined;
}

function readConditions(assertion: Element, subject: Element): SignedConditions {
  const conditions = exactlyOne(assertion, 'Conditions');
  return {
    notBefore: conditions.getAttribute('NotBefore') ?? undefined,
    notOnOrAfter: conditions.getAttribute('NotOnOrAfter') ?? undefined,
    audienceRestrictions: childElements(conditions, SAML2_NS, 'AudienceRestriction').map((restriction) => childElements(restriction, SAML2_NS, 'Audience').map(text)),
    confirmationNotOnOrAfter: bearerConfirmation(subject),
  };
}

/** SAML 2.0 names an attribute by one URI (its Name), which is the claim URI itself. */
function readAttributes(assertion: Element): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  const all = childElements(assertion, SAML2_NS, 'AttributeStatement').flatMap((statement) => childElements(statement, SAML2_NS, 'Attribute'));
  for (const attribute of all) {
    const claimUri = attribute.getAttribute('Name') ?? '';
    const values = childElements(attribute, SAML2_NS, 'AttributeValue').map(text);
    attributes.set(claimUri, [...(attributes.get(claimUri) ?? []), ...values]);
  }
  return attributes;
}

/** AuthnStatement/AuthnContext/AuthnContextClassRef: how the identity provider authenticated the user. */
function readAuthnContext(assertion: Element): string | undefined {
  const statements = childElements(assertion, SAML2_NS, 'AuthnStatement');
  if (statements.length > 1) throw samlError('XML_REJECTED', `the signed assertion has ${statements.length} AuthnStatements; at most one is accepted`);
  if (statements.length === 0) return undefined;
  const classRefs = childElements(exactlyOne(statements[0]!, 'AuthnContext'), SAML2_NS, 'AuthnContextClassRef');
  return classRefs.length === 1 ? text(classRefs[0]!) : undefined;
}

/** Parses the verified canonical bytes and reads the assertion whose ID the Reference named. */
export function readSignedSaml20Assertion(signedXml: string, expectedId: string): SignedAssertion {
  let assertion: Element | null;
  try {
    assertion = parseXml(signedXml).documentElement;
  } catch (error) {
    throw asSamlError(error);
  }
  if (!isNamed(assertion, SAML2_NS, 'Assertion') || assertion.getAttribute('ID') !== expectedId) {
    throw samlError('SAML_WRAPPED', 'the signed reference is not the assertion the signature sits in');
  }
  if (assertion.getAttribute('Version') !== '2.0') throw samlError('XML_REJECTED', `the assertion's Version is "${String(assertion.getAttribute('Version'))}", not 2.0`);
  const subject = exactlyOne(assertion, 'Subject');
  return {
    assertionId: expectedId,
    issuer: text(exactlyOne(assertion, 'Issuer')),
    nameIdentifier: text(exactlyOne(subject, 'NameID')),
    attributes: readAttributes(assertion),
    authenticationMethod: readAuthnContext(assertion),
    conditions: readConditions(assertion, subject),
  };
}
