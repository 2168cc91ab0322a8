import { escapeXml } from '../xml/escape.ts';
import {
  SAML11_NS, SAML11_REFERENCE_TOKEN_TYPE, SAML11_TOKEN_TYPE, SAML_ASSERTION_ID_VALUE_TYPE,
  WSA_NS, WSP_NS, WSSE11_NS, WSSE_NS, WSTRUST_13_NS, WSTRUST_2005_NS, WSU_NS,
} from './namespaces.ts';

/**
 * The RequestSecurityTokenResponse bodies that carry a signed SAML 1.1 assertion: the
 * WS-Trust Feb 2005 RSTR (client-flows §1.4, also the passive `wresult`) and the WS-Trust
 * 1.3 RSTRC (§1.6). Shapes follow AD FS's own responses ([ADAL] test/wstrust/RSTR.xml).
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

/**
 * The assertion text without an XML declaration, and its AssertionID. The text is kept byte
 * for byte. Only the root start tag is read: the wrappers take assertions this lab has just
 * issued (parsing each again cost a fifth of usernamemixed's time), and a wrong one is a
 * programming error, hence TypeError.
 */
function assertionParts(assertionXml: string): { text: string; assertionId: string } {
  const text = assertionXml.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  const start = /^<(?:([A-Za-z_][\w.-]*):)?Assertion(\s[^>]*)?>/.exec(text);
  const declared = start && new RegExp(`\\sxmlns${start[1] ? `:${start[1]}` : ''}="${SAML11_NS}"`).test(start[2] ?? '');
  if (!start || !declared) throw new TypeError('wrapInRstr: the token is not a SAML 1.1 Assertion');
  const assertionId = /\sAssertionID="([^"]+)"/.exec(start[2] ?? '')?.[1];
  if (!assertionId) throw new TypeError('wrapInRstr: the assertion has no AssertionID');
  return { text, assertionId: assertionId.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&') };
}

/** RequestedAttachedReference or RequestedUnattachedReference: a SecurityTokenReference to the AssertionID. */
function tokenReference(t: string, element: string, assertionId: string): string {
  return (
    `<${t}:${element}><o:SecurityTokenReference k:TokenType="${SAML11_REFERENCE_TOKEN_TYPE}" xmlns:k="${WSSE11_NS}" xmlns:o="${WSSE_NS}">` +
    `<o:KeyIdentifier ValueType="${SAML_ASSERTION_ID_VALUE_TYPE}">${escapeXml(assertionId)}</o:KeyIdentifier>` +
    `</o:SecurityTokenReference></${t}:${element}>`
  );
}

function rstr(vocabulary: TrustVocabulary, assertionXml: string, options: RstrOptions, declareNamespace: boolean): string {
  const { text, assertionId } = assertionParts(assertionXml);
  const t = vocabulary.prefix;
  const xmlns = declareNamespace ? ` xmlns:${t}="${vocabulary.namespace}"` : '';
  return (
    `<${t}:RequestSecurityTokenResponse${xmlns}>` +
    `<${t}:Lifetime><wsu:Created xmlns:wsu="${WSU_NS}">${options.created.toISOString()}</wsu:Created>` +
    `<wsu:Expires xmlns:wsu="${WSU_NS}">${options.expires.toISOString()}</wsu:Expires></${t}:Lifetime>` +
    `<wsp:AppliesTo xmlns:wsp="${WSP_NS}"><wsa:EndpointReference xmlns:wsa="${WSA_NS}">` +
    `<wsa:Address>${escapeXml(options.audience)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    `<${t}:RequestedSecurityToken>${text}</${t}:RequestedSecurityToken>` +
    tokenReference(t, 'RequestedAttachedReference', assertionId) +
    tokenReference(t, 'RequestedUnattachedReference', assertionId) +
    `<${t}:TokenType>${SAML11_TOKEN_TYPE}</${t}:TokenType>` +
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
