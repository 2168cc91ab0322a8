import { XMLSerializer } from '@xmldom/xmldom';
import { SAML11_TOKEN_TYPE, WSA_NS, WSP_NS, WSTRUST_2005_NS, WSU_NS } from '../saml/namespaces.ts';
import { childElements, isNamed } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { XMLENC_NS } from '../xmlenc/index.ts';
import { dauthError } from './errors.ts';
import { RSTR_ISSUE_ACTION, SOAP12_NS } from './namespaces.ts';

/**
 * The gateway's answer (WS-Trust Feb 2005 §3.2): a SOAP 1.2 RSTR whose
 * RequestedSecurityToken holds the encrypted delegation token, with its Lifetime and
 * AppliesTo in clear so the caller can cache it without reading the token.
 */
export interface RstrFields {
  readonly relatesTo: string;
  readonly appliesTo: string;
  readonly created: Date;
  readonly expires: Date;
  readonly encryptedToken: string;
}

export function renderRstr(fields: RstrFields): string {
  return (
    `<s:Envelope xmlns:s="${SOAP12_NS}" xmlns:a="${WSA_NS}" xmlns:u="${WSU_NS}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${RSTR_ISSUE_ACTION}</a:Action><a:RelatesTo>${escapeXml(fields.relatesTo)}</a:RelatesTo></s:Header>` +
    `<s:Body><t:RequestSecurityTokenResponse xmlns:t="${WSTRUST_2005_NS}" xmlns:wsp="${WSP_NS}">` +
    `<t:TokenType>${SAML11_TOKEN_TYPE}</t:TokenType>` +
    `<wsp:AppliesTo><a:EndpointReference><a:Address>${escapeXml(fields.appliesTo)}</a:Address></a:EndpointReference></wsp:AppliesTo>` +
    `<t:Lifetime><u:Created>${fields.created.toISOString()}</u:Created><u:Expires>${fields.expires.toISOString()}</u:Expires></t:Lifetime>` +
    `<t:RequestedSecurityToken>${fields.encryptedToken}</t:RequestedSecurityToken>` +
    '</t:RequestSecurityTokenResponse></s:Body></s:Envelope>'
  );
}

/** The one `xenc:EncryptedData` in an RSTR's RequestedSecurityToken, as text; a caller that cannot read it just forwards it. */
export function extractEncryptedToken(rstrXml: string): string {
  const envelope = parseXml(rstrXml).documentElement!;
  const body = childElements(envelope, SOAP12_NS, 'Body');
  const rstr = body.length === 1 ? childElements(body[0]!, WSTRUST_2005_NS, 'RequestSecurityTokenResponse') : [];
  const requested = rstr.length === 1 ? childElements(rstr[0]!, WSTRUST_2005_NS, 'RequestedSecurityToken') : [];
  const tokens = requested.length === 1 ? childElements(requested[0]!) : [];
  if (tokens.length !== 1 || !isNamed(tokens[0], XMLENC_NS, 'EncryptedData')) throw dauthError('DAUTH_TOKEN_MISSING', 'the RSTR carries no single xenc:EncryptedData in RequestedSecurityToken');
  return new XMLSerializer().serializeToString(tokens[0]!);
}
