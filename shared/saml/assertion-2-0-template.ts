import { escapeXml } from '../xml/escape.ts';
import { SAML2_BEARER, SAML2_NS } from './namespaces.ts';

/**
 * The SAML 2.0 assertion AD FS issues over WS-Trust when a client asks for TokenType
 * `urn:oasis:names:tc:SAML:2.0:assertion` (SAML 2.0 Core §2.3.3; the schema's element
 * order), in the default namespace as AD FS writes it and without whitespace between
 * elements. Every value is escaped here, so callers pass plain strings.
 */
export interface Saml20AssertionFields {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: string;
  readonly notBefore: string;
  readonly notOnOrAfter: string;
  readonly audience: string;
  readonly nameId: string;
  /** Claim URI → values: SAML 2.0 names an attribute by one URI. */
  readonly attributes: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly authnContextClassRef: string;
  readonly authnInstant: string;
}

const e = escapeXml;

function subject(fields: Saml20AssertionFields): string {
  return (
    '<Subject>' +
    `<NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${e(fields.nameId)}</NameID>` +
    `<SubjectConfirmation Method="${SAML2_BEARER}"><SubjectConfirmationData NotOnOrAfter="${e(fields.notOnOrAfter)}"/></SubjectConfirmation>` +
    '</Subject>'
  );
}

function attributes(fields: Saml20AssertionFields): string {
  const rendered = fields.attributes.map(({ name, values }) => `<Attribute Name="${e(name)}">${values.map((value) => `<AttributeValue>${e(value)}</AttributeValue>`).join('')}</Attribute>`);
  return `<AttributeStatement>${rendered.join('')}</AttributeStatement>`;
}

/** The unsigned assertion; the enveloped signature goes right after Issuer afterwards. */
export function renderSaml20Assertion(fields: Saml20AssertionFields): string {
  return (
    `<Assertion ID="${e(fields.id)}" IssueInstant="${e(fields.issueInstant)}" Version="2.0" xmlns="${SAML2_NS}">` +
    `<Issuer>${e(fields.issuer)}</Issuer>` +
    subject(fields) +
    `<Conditions NotBefore="${e(fields.notBefore)}" NotOnOrAfter="${e(fields.notOnOrAfter)}"><AudienceRestriction><Audience>${e(fields.audience)}</Audience></AudienceRestriction></Conditions>` +
    attributes(fields) +
    `<AuthnStatement AuthnInstant="${e(fields.authnInstant)}"><AuthnContext><AuthnContextClassRef>${e(fields.authnContextClassRef)}</AuthnContextClassRef></AuthnContext></AuthnStatement>` +
    '</Assertion>'
  );
}
