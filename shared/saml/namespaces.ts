/** Namespace and algorithm URIs of SAML 1.1, XML-DSig and WS-Trust (client-flows §1.4–1.6). */
export const SAML11_NS = 'urn:oasis:names:tc:SAML:1.0:assertion';
/** SAML 2.0 Core §2: the assertion namespace AD FS writes as the default namespace. */
export const SAML2_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const WSTRUST_2005_NS = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
export const WSTRUST_13_NS = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE11_NS = 'http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd';
export const WSP_NS = 'http://schemas.xmlsoap.org/ws/2004/09/policy';
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';

export const SAML11_TOKEN_TYPE = 'urn:oasis:names:tc:SAML:1.0:assertion';
export const SAML11_REFERENCE_TOKEN_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1';
export const SAML_ASSERTION_ID_VALUE_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID';

/** WS-Trust TokenType of a SAML 2.0 assertion, and its WSS SAML Token Profile 1.1 §3.4.2 reference type and KeyIdentifier ValueType. */
export const SAML2_TOKEN_TYPE = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAML2_REFERENCE_TOKEN_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0';
export const SAML2_ID_VALUE_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID';

/** SAML 2.0 Profiles §3.3: the bearer subject confirmation method (RFC 7522 §3 requires it). */
export const SAML2_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export const algorithms = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;

/** AuthenticationMethod values AD FS emits (client-flows §1.5). */
export const authenticationMethods = {
  password: 'urn:oasis:names:tc:SAML:1.0:am:password',
  passwordProtectedTransport: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  windows: 'urn:federation:authentication:windows',
} as const;

export type AuthenticationMethod = (typeof authenticationMethods)[keyof typeof authenticationMethods];

/** Claim URIs: AttributeNamespace + "/" + AttributeName (client-flows §1.5). */
export const claimUris = {
  upn: 'http://schemas.xmlsoap.org/claims/UPN',
  immutableId: 'http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID',
  insideCorporateNetwork: 'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork',
  authnMethodsReferences: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
} as const;
