import { escapeXml } from '../xml/escape.ts';
import { SAML11_NS } from './namespaces.ts';

/**
 * The SAML 1.1 assertion Azure AD accepts, element for element as client-flows §1.5 gives
 * it ([MS-MWBF] §2.2.4.2). No whitespace between elements, as AD FS sends it. Every value
 * is escaped here, so callers pass plain strings.
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

const e = escapeXml;

function subject(nameIdentifier: string): string {
  return (
    '<saml:Subject>' +
    `<saml:NameIdentifier Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${e(nameIdentifier)}</saml:NameIdentifier>` +
    '<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod></saml:SubjectConfirmation>' +
    '</saml:Subject>'
  );
}

function attribute({ namespace, name, values }: Saml11Attribute): string {
  const renderedValues = values.map((value) => `<saml:AttributeValue>${e(value)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute AttributeName="${e(name)}" AttributeNamespace="${e(namespace)}">${renderedValues}</saml:Attribute>`;
}

/** The unsigned assertion; the enveloped signature is appended as its last child afterwards. */
export function renderSaml11Assertion(fields: Saml11AssertionFields): string {
  return (
    `<saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="${e(fields.assertionId)}" Issuer="${e(fields.issuer)}" IssueInstant="${e(fields.issueInstant)}" xmlns:saml="${SAML11_NS}">` +
    `<saml:Conditions NotBefore="${e(fields.notBefore)}" NotOnOrAfter="${e(fields.notOnOrAfter)}">` +
    `<saml:AudienceRestrictionCondition><saml:Audience>${e(fields.audience)}</saml:Audience></saml:AudienceRestrictionCondition>` +
    '</saml:Conditions>' +
    `<saml:AttributeStatement>${subject(fields.nameIdentifier)}${fields.attributes.map(attribute).join('')}</saml:AttributeStatement>` +
    `<saml:AuthenticationStatement AuthenticationMethod="${e(fields.authenticationMethod)}" AuthenticationInstant="${e(fields.authenticationInstant)}">` +
    subject(fields.nameIdentifier) +
    '</saml:AuthenticationStatement>' +
    '</saml:Assertion>'
  );
}
