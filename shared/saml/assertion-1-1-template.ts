import { escapeXml, replaceIllegalXmlCharacters } from '../xml/escape.ts';
import { SAML11_NS } from './namespaces.ts';

/**
 * The SAML 1.1 assertion Azure AD accepts, element for element as client-flows §1.5 gives
 * it ([MS-MWBF] §2.2.4.2). No whitespace between elements, as AD FS sends it. Every value
 * is escaped here, so callers pass plain strings.
 *
 * It renders in two styles from the same fields: `documentStyle`, what goes on the wire
 * (AD FS's attribute order), and `canonicalStyle`, the Exclusive XML Canonicalization of
 * that same element (exc-c14n §3 / C14N §2.3: namespace declarations first, attributes
 * sorted, C14N escaping, no empty-element tags). The canonical form is what the enveloped
 * signature digests, so the signer need not parse and re-serialize what it just wrote.
 */
export interface Saml11AssertionFields {
  readonly assertionId: string;
  readonly issuer: string;
  readonly issueInstant: string;
  readonly notBefore: string;
  readonly notOnOrAfter: string;
  readonly audience: string;
  readonly nameIdentifier: string;
  readonly attributes: readonly Saml11Attribute[];
  readonly authenticationMethod: string;
  readonly authenticationInstant: string;
}

export interface Saml11Attribute {
  readonly namespace: string;
  readonly name: string;
  readonly values: readonly string[];
}

type Attributes = readonly (readonly [name: string, value: string])[];

export interface RenderStyle {
  attributes(list: Attributes): string;
  text(value: string): string;
}

// XML 1.0 §2.11 and §3.3.3: a parser turns a raw CR into LF and raw TAB/LF/CR in an attribute
// into spaces; as character references they survive, so both styles agree on the value.
const characterReference = (character: string): string => `&#x${character.charCodeAt(0).toString(16).toUpperCase()};`;
const documentAttribute = (value: string): string => escapeXml(value).replace(/[\t\n\r]/g, characterReference);

/** On the wire, in AD FS's order (client-flows §1.5). */
export const documentStyle: RenderStyle = {
  attributes: (list) => list.map(([name, value]) => ` ${name}="${documentAttribute(value)}"`).join(''),
  text: (value) => escapeXml(value).replace(/\r/g, characterReference),
};

// The same replacement of characters XML forbids as escapeXml, then C14N §2.3's escaping.
const legal = replaceIllegalXmlCharacters;
const canonicalText = (value: string): string => legal(value).replace(/[&<>\r]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[character]!);
const canonicalAttribute = (value: string): string => legal(value).replace(/[&<"\t\n\r]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[character]!);
const isNamespaceDeclaration = (name: string): boolean => name === 'xmlns' || name.startsWith('xmlns:');

/** Exclusive XML Canonicalization of the element (every attribute here is unqualified). */
export const canonicalStyle: RenderStyle = {
  attributes: (list) =>
    [...list]
      .sort(([a], [b]) => Number(isNamespaceDeclaration(b)) - Number(isNamespaceDeclaration(a)) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ` ${name}="${canonicalAttribute(value)}"`)
      .join(''),
  text: canonicalText,
};

function subject(style: RenderStyle, nameIdentifier: string): string {
  return (
    '<saml:Subject>' +
    `<saml:NameIdentifier${style.attributes([['Format', 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified']])}>${style.text(nameIdentifier)}</saml:NameIdentifier>` +
    '<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod></saml:SubjectConfirmation>' +
    '</saml:Subject>'
  );
}

function attribute(style: RenderStyle, { namespace, name, values }: Saml11Attribute): string {
  const renderedValues = values.map((value) => `<saml:AttributeValue>${style.text(value)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute${style.attributes([['AttributeName', name], ['AttributeNamespace', namespace]])}>${renderedValues}</saml:Attribute>`;
}

/**
 * The unsigned assertion's opening tag and content; `signature` (the enveloped ds:Signature,
 * empty for the canonical form the digest covers) goes last, before the closing tag.
 */
export function renderSaml11Assertion(fields: Saml11AssertionFields, style: RenderStyle = documentStyle, signature = ''): string {
  const root: Attributes = [
    ['MajorVersion', '1'],
    ['MinorVersion', '1'],
    ['AssertionID', fields.assertionId],
    ['Issuer', fields.issuer],
    ['IssueInstant', fields.issueInstant],
    ['xmlns:saml', SAML11_NS],
  ];
  return (
    `<saml:Assertion${style.attributes(root)}>` +
    `<saml:Conditions${style.attributes([['NotBefore', fields.notBefore], ['NotOnOrAfter', fields.notOnOrAfter]])}>` +
    `<saml:AudienceRestrictionCondition><saml:Audience>${style.text(fields.audience)}</saml:Audience></saml:AudienceRestrictionCondition>` +
    '</saml:Conditions>' +
    `<saml:AttributeStatement>${subject(style, fields.nameIdentifier)}${fields.attributes.map((item) => attribute(style, item)).join('')}</saml:AttributeStatement>` +
    `<saml:AuthenticationStatement${style.attributes([['AuthenticationMethod', fields.authenticationMethod], ['AuthenticationInstant', fields.authenticationInstant]])}>` +
    subject(style, fields.nameIdentifier) +
    '</saml:AuthenticationStatement>' +
    signature +
    '</saml:Assertion>'
  );
}
