import type { Element } from '@xmldom/xmldom';
import { WSA_NS, WSSE_NS, WSU_NS } from '../saml/namespaces.ts';
import { childElements, isNamed } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { XMLENC_NS } from '../xmlenc/index.ts';
import { dauthError } from './errors.ts';
import { WSA_ANONYMOUS } from './namespaces.ts';
import { checkTimestamp, readTimestamp, renderTimestamp } from './timestamp.ts';

/**
 * How the delegation token rides on `…/autodiscover/autodiscover.svc/WSSecurity` and
 * `…/EWS/Exchange.asmx/WSSecurity` (server-flows §2.4, EMA WSSecurityBasedCredentials):
 * anonymous at HTTP; in the SOAP header wsa:Action, wsa:ReplyTo anonymous, wsa:To, and a
 * wsse:Security holding a five-minute wsu:Timestamp and the token's xenc:EncryptedData.
 */
export interface WsSecurityHeaderOptions {
  /** e.g. http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability */
  readonly action: string;
  /** The …/WSSecurity URL the request goes to. */
  readonly to: string;
  /** The xenc:EncryptedData from the gateway's RSTR, forwarded unread. */
  readonly encryptedToken: string;
  readonly now: Date;
  /** The envelope's prefix for its SOAP namespace (EWS: `soap`, SOAP 1.1). */
  readonly soapPrefix?: string;
}

/** The children of soap:Header, ready to be placed in an envelope that declares `soapPrefix`. */
export function buildWsSecurityHeader(options: WsSecurityHeaderOptions): string {
  const soap = options.soapPrefix ?? 'soap';
  return (
    `<wsa:Action xmlns:wsa="${WSA_NS}" ${soap}:mustUnderstand="1">${escapeXml(options.action)}</wsa:Action>` +
    `<wsa:ReplyTo xmlns:wsa="${WSA_NS}"><wsa:Address>${WSA_ANONYMOUS}</wsa:Address></wsa:ReplyTo>` +
    `<wsa:To xmlns:wsa="${WSA_NS}" ${soap}:mustUnderstand="1">${escapeXml(options.to)}</wsa:To>` +
    `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:u="${WSU_NS}" ${soap}:mustUnderstand="1">${renderTimestamp(options.now)}${options.encryptedToken}</wsse:Security>`
  );
}

export interface WsSecurityHeader {
  /** The token, to hand to validateDelegationToken. */
  readonly encryptedToken: Element;
  readonly to: string | undefined;
  readonly action: string | undefined;
  /** The message's wsu:Timestamp Created: with the token and wsa:To it names one message. */
  readonly created: Date;
}

/**
 * Reads a SOAP Header: exactly one wsse:Security with exactly one fresh wsu:Timestamp and
 * exactly one xenc:EncryptedData. Throws DAUTH_TOKEN_MISSING or DAUTH_STALE_TIMESTAMP.
 */
export function parseWsSecurityHeader(header: Element, now: Date): WsSecurityHeader {
  const securities = childElements(header, WSSE_NS, 'Security');
  if (securities.length !== 1) throw dauthError('DAUTH_TOKEN_MISSING', `the SOAP header carries ${securities.length} wsse:Security elements; exactly one is accepted`);
  const security = securities[0]!;
  const timestamps = childElements(security, WSU_NS, 'Timestamp');
  if (timestamps.length !== 1) throw dauthError('DAUTH_TOKEN_MISSING', `wsse:Security carries ${timestamps.length} wsu:Timestamp elements; exactly one is accepted`);
  const timestamp = readTimestamp(timestamps[0]!);
  checkTimestamp(timestamp, now);
  const tokens = childElements(security).filter((child) => isNamed(child, XMLENC_NS, 'EncryptedData'));
  if (tokens.length !== 1) throw dauthError('DAUTH_TOKEN_MISSING', `wsse:Security carries ${tokens.length} xenc:EncryptedData tokens; exactly one is accepted`);
  const text = (localName: string): string | undefined => childElements(header, WSA_NS, localName)[0]?.textContent?.trim();
  return { encryptedToken: tokens[0]!, to: text('To'), action: text('Action'), created: timestamp.created };
}
