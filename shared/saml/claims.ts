import type { Element } from '@xmldom/xmldom';
import { childElements, isNamed } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { asSamlError, samlError } from './errors.ts';
import { SAML11_NS } from './namespaces.ts';

/**
 * Reads a SAML 1.1 assertion out of the canonical bytes the signature covered (never out
 * of the posted document). Text values are the whole textContent; the canonical form has
 * no comments, so nothing can split a value.
 */
export interface SignedAssertion {
  readonly assertionId: string;
  readonly issuer: string;
  readonly nameIdentifier: string;
  /** Claim URI (AttributeNamespace + "/" + AttributeName) → values. */
  readonly attributes: Map<string, string[]>;
  readonly authenticationMethod: string | undefined;
  readonly conditions: SignedConditions;
}

export interface SignedConditions {
  readonly notBefore: string | undefined;
  readonly notOnOrAfter: string | undefined;
  /** One list per AudienceRestrictionCondition (SAML 1.1 §2.3.2.1.3) or AudienceRestriction (SAML 2.0 Core §2.5.1.4); each must be met. */
  readonly audienceRestrictions: string[][];
  /** SAML 2.0 only: the bearer SubjectConfirmationData's NotOnOrAfter, when it has one (Profiles §4.1.4.2). */
  readonly confirmationNotOnOrAfter?: string | undefined;
}

const text = (element: Element): string => element.textContent ?? '';

function one(parent: Element, localName: string): Element {
  const found = childElements(parent, SAML11_NS, localName);
  if (found.length !== 1) throw samlError('XML_REJECTED', `the signed assertion needs exactly one saml:${localName} in ${parent.localName}, found ${found.length}`);
  return found[0]!;
}

function readConditions(assertion: Element): SignedConditions {
  const conditions = one(assertion, 'Conditions');
  return {
    notBefore: conditions.getAttribute('NotBefore') ?? undefined,
    notOnOrAfter: conditions.getAttribute('NotOnOrAfter') ?? undefined,
    audienceRestrictions: childElements(conditions, SAML11_NS, 'AudienceRestrictionCondition').map((restriction) => childElements(restriction, SAML11_NS, 'Audience').map(text)),
  };
}

function readAttributes(statements: readonly Element[]): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const attribute of statements.flatMap((statement) => childElements(statement, SAML11_NS, 'Attribute'))) {
    const claimUri = `${attribute.getAttribute('AttributeNamespace') ?? ''}/${attribute.getAttribute('AttributeName') ?? ''}`;
    const values = childElements(attribute, SAML11_NS, 'AttributeValue').map(text);
    attributes.set(claimUri, [...(attributes.get(claimUri) ?? []), ...values]);
  }
  return attributes;
}

/** The NameIdentifier of the first statement with a Subject; every statement must name the same subject. */
function readNameIdentifier(statements: readonly Element[]): string {
  const names = statements.flatMap((statement) => childElements(statement, SAML11_NS, 'Subject')).flatMap((subject) => childElements(subject, SAML11_NS, 'NameIdentifier')).map(text);
  if (names.length === 0) throw samlError('XML_REJECTED', 'the signed assertion has no Subject NameIdentifier');
  if (new Set(names).size !== 1) throw samlError('XML_REJECTED', 'the signed assertion names more than one subject');
  return names[0]!;
}

/** Parses the verified canonical bytes and reads the assertion whose ID the Reference named. */
export function readSignedAssertion(signedXml: string, expectedId: string): SignedAssertion {
  let assertion: Element | null;
  try {
    assertion = parseXml(signedXml).documentElement;
  } catch (error) {
    throw asSamlError(error);
  }
  if (!isNamed(assertion, SAML11_NS, 'Assertion') || assertion.getAttribute('AssertionID') !== expectedId) {
    throw samlError('SAML_WRAPPED', 'the signed reference is not the assertion the signature sits in');
  }
  const statements = childElements(assertion).filter((child) => child.namespaceURI === SAML11_NS && (child.localName ?? '').endsWith('Statement'));
  const authentication = childElements(assertion, SAML11_NS, 'AuthenticationStatement')[0];
  return {
    assertionId: expectedId,
    issuer: assertion.getAttribute('Issuer') ?? '',
    nameIdentifier: readNameIdentifier(statements),
    attributes: readAttributes(childElements(assertion, SAML11_NS, 'AttributeStatement')),
    authenticationMethod: authentication?.getAttribute('AuthenticationMethod') ?? undefined,
    conditions: readConditions(assertion),
  };
}
