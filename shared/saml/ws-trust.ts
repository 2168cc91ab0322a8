import { escapeXml } from '../xml/escape.ts';
import {
  SAML11_NS, SAML11_REFERENCE_TOKEN_TYPE, SAML11_TOKEN_TYPE, SAML2_ID_VALUE_TYPE, SAML2_NS, SAML2_REFERENCE_TOKEN_TYPE, SAML2_TOKEN_TYPE,
  SAML_ASSERTION_ID_VALUE_TYPE, WSA_NS, WSP_NS, WSSE11_NS, WSSE_NS, WSTRUST_13_NS, WSTRUST_2005_NS, WSU_NS,
} from './namespaces.ts';

/**
 * The RequestSecurityTokenResponse bodies that carry a signed SAML 1.1 or SAML 2.0
 * assertion: the WS-Trust Feb 2005 RSTR (client-flows §1.4, also the passive `wresult`)
 * and the WS-Trust 1.3 RSTRC (§1.6). Shapes follow AD FS's own responses ([ADAL]
 * test/wstrust/RSTR.xml); the token references follow the WSS SAML Token Profile 1.1 §3.4.
 */
export interface RstrOptions {
  readonly created: Date;
  readonly expires: Date;
  /** The relying party; `AppliesTo` repeats the assertion's Audience. */
  readonly audience: string;
}

interface TrustVocabulary {
  readonly prefix: string;
  readonly namespace: string;
  readonly requestType: string;
  readonly keyType: string;
}

const trust2005: TrustVocabulary = {
  prefix: 't',
  namespace: WSTRUST_2005_NS,
  requestType: `${WSTRUST_2005_NS}/Issue`,
  keyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
};

const trust13: TrustVocabulary = {
  prefix: 'trust',
  namespace: WSTRUST_13_NS,
  requestType: `${WSTRUST_13_NS}/Issue`,
  keyType: `${WSTRUST_13_NS}/Bearer`,
};

/** What the RSTR says about each kind of token: its TokenType, and how a reference names it. */
interface TokenVocabulary {
  readonly namespace: string;
  readonly idAttribute: string;
  readonly tokenType: string;
  readonly referenceTokenType: string;
  readonly valueType: string;
}

const tokenVocabularies: readonly TokenVocabulary[] = [
  { namespace: SAML11_NS, idAttribute: 'AssertionID', tokenType: SAML11_TOKEN_TYPE, referenceTokenType: SAML11_REFERENCE_TOKEN_TYPE, valueType: SAML_ASSERTION_ID_VALUE_TYPE },
  { namespace: SAML2_NS, idAttribute: 'ID', tokenType: SAML2_TOKEN_TYPE, referenceTokenType: SAML2_REFERENCE_TOKEN_TYPE, valueType: SAML2_ID_VALUE_TYPE },
];

/**
 * The assertion text without an XML declaration, its ID and vocabulary. The text is kept
 * byte for byte. Only the root start tag is read: the wrappers take assertions this lab has
 * just issued (parsing each again cost a fifth of usernamemixed's time), and a wrong one is
 * a programming error, hence TypeError.
 */
function assertionParts(assertionXml: string): { text: string; assertionId: string; token: TokenVocabulary } {
  const text = assertionXml.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  const start = /^<(?:([A-Za-z_][\w.-]*):)?Assertion(\s[^>]*)?>/.exec(text);
  const attributes = start?.[2] ?? '';
  const declares = (namespace: string): boolean => Boolean(start) && attributes.includes(` xmlns${start![1] ? `:${start![1]}` : ''}="${namespace}"`);
  const token = tokenVocabularies.find((candidate) => declares(candidate.namespace));
  if (!token) throw new TypeError('wrapInRstr: the token is not a SAML 1.1 or SAML 2.0 Assertion');
  const assertionId = new RegExp(`\\s${token.idAttribute}="([^"]+)"`).exec(attributes)?.[1];
  if (!assertionId) throw new TypeError(`wrapInRstr: the assertion has no ${token.idAttribute}`);
  return { text, assertionId: assertionId.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), token };
}

/** RequestedAttachedReference or RequestedUnattachedReference: a SecurityTokenReference to the assertion's ID. */
function tokenReference(t: string, element: string, assertionId: string, token: TokenVocabulary): string {
  return (
    `<${t}:${element}><o:SecurityTokenReference k:TokenType="${token.referenceTokenType}" xmlns:k="${WSSE11_NS}" xmlns:o="${WSSE_NS}">` +
    `<o:KeyIdentifier ValueType="${token.valueType}">${escapeXml(assertionId)}</o:KeyIdentifier>` +
    `</o:SecurityTokenReference></${t}:${element}>`
  );
}

function rstr(vocabulary: TrustVocabulary, assertionXml: string, options: RstrOptions, declareNamespace: boolean): string {
  const { text, assertionId, token } = assertionParts(assertionXml);
  const t = vocabulary.prefix;
  const xmlns = declareNamespace ? ` xmlns:${t}="${vocabulary.namespace}"` : '';
  return (
    `<${t}:RequestSecurityTokenResponse${xmlns}>` +
    `<${t}:Lifetime><wsu:Created xmlns:wsu="${WSU_NS}">${options.created.toISOString()}</wsu:Created>` +
    `<wsu:Expires xmlns:wsu="${WSU_NS}">${options.expires.toISOString()}</wsu:Expires></${t}:Lifetime>` +
    `<wsp:AppliesTo xmlns:wsp="${WSP_NS}"><wsa:EndpointReference xmlns:wsa="${WSA_NS}">` +
    `<wsa:Address>${escapeXml(options.audience)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    `<${t}:RequestedSecurityToken>${text}</${t}:RequestedSecurityToken>` +
    tokenReference(t, 'RequestedAttachedReference', assertionId, token) +
    tokenReference(t, 'RequestedUnattachedReference', assertionId, token) +
    `<${t}:TokenType>${token.tokenType}</${t}:TokenType>` +
    `<${t}:RequestType>${vocabulary.requestType}</${t}:RequestType>` +
    `<${t}:KeyType>${vocabulary.keyType}</${t}:KeyType>` +
    `</${t}:RequestSecurityTokenResponse>`
  );
}

/** WS-Trust Feb 2005: a bare `t:RequestSecurityTokenResponse` (the `/2005/` endpoints and passive wresult). */
export function wrapInRstr2005(assertionXml: string, options: RstrOptions): string {
  return rstr(trust2005, assertionXml, options, true);
}

/** WS-Trust 1.3: `trust:RequestSecurityTokenResponseCollection` around one RSTR (the `/13/` endpoints). */
export function wrapInRstr13(assertionXml: string, options: RstrOptions): string {
  return `<trust:RequestSecurityTokenResponseCollection xmlns:trust="${WSTRUST_13_NS}">${rstr(trust13, assertionXml, options, false)}</trust:RequestSecurityTokenResponseCollection>`;
}
