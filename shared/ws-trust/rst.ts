import { randomUUID } from 'node:crypto';
import { escapeXml } from '../xml/escape.ts';

/**
 * A usernamemixed RST as ADAL (lib/wstrust-request.js) and MSAL-python
 * (msal/wstrust_request.py) send it (client-flows §1.6). Used by the lab's rich client
 * and by the tests, whose knobs (action, appliesTo, prolog, created) build broken variants.
 */
export interface RstOptions {
  readonly version: '2005' | '13';
  readonly username: string;
  readonly password: string;
  /** Default: now. */
  readonly created?: Date;
  /** Default: the version's RST/Issue action. */
  readonly action?: string;
  /** Default: urn:federation:MicrosoftOnline. */
  readonly appliesTo?: string;
  /** Text placed before the envelope (a DOCTYPE, say). */
  readonly prolog?: string;
  /** The endpoint the request is for (wsa:To); default https://fs.contoso.test + the version's path. */
  readonly to?: string;
  /** wst:TokenType to ask for, e.g. urn:oasis:names:tc:SAML:2.0:assertion; default none (AD FS then issues SAML 1.1). */
  readonly tokenType?: string;
  /** How long the wsu:Timestamp is valid: 10 min as ADAL sends it; Exchange's Basic-auth proxy sends 5 (client-flows §2.4). */
  readonly timestampMinutes?: number;
}

const trust = {
  '2005': { ns: 'http://schemas.xmlsoap.org/ws/2005/02/trust', keyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey' },
  '13': { ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512', keyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer' },
} as const;

export const endpointOf = (version: '2005' | '13'): string => `/adfs/services/trust/${version}/usernamemixed`;

export type WsTrustVersion = '2005' | '13';

export function buildRst(options: RstOptions): string {
  const { ns, keyType } = trust[options.version];
  const created = options.created ?? new Date();
  const expires = new Date(created.getTime() + (options.timestampMinutes ?? 10) * 60 * 1000);
  return (
    (options.prolog ?? '') +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
    `<s:Header><wsa:Action s:mustUnderstand="1">${options.action ?? `${ns}/RST/Issue`}</wsa:Action>` +
    `<wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>` +
    '<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>' +
    `<wsa:To s:mustUnderstand="1">${escapeXml(options.to ?? `https://fs.contoso.test${endpointOf(options.version)}`)}</wsa:To>` +
    '<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
    `<wsu:Timestamp wsu:Id="_0"><wsu:Created>${created.toISOString()}</wsu:Created><wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>` +
    `<wsse:UsernameToken wsu:Id="ADALUser"><wsse:Username>${escapeXml(options.username)}</wsse:Username><wsse:Password>${escapeXml(options.password)}</wsse:Password></wsse:UsernameToken>` +
    '</wsse:Security></s:Header>' +
    `<s:Body><wst:RequestSecurityToken xmlns:wst="${ns}">` +
    `<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference><wsa:Address>${escapeXml(options.appliesTo ?? 'urn:federation:MicrosoftOnline')}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    (options.tokenType ? `<wst:TokenType>${escapeXml(options.tokenType)}</wst:TokenType>` : '') +
    `<wst:KeyType>${keyType}</wst:KeyType><wst:RequestType>${ns}/Issue</wst:RequestType>` +
    '</wst:RequestSecurityToken></s:Body></s:Envelope>'
  );
}
