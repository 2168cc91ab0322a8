import { escapeXml } from '../../../../../shared/xml/escape.ts';
import { ns } from './namespaces.ts';
import type { WsTrustVersion } from './versions.ts';

export interface ResponseEnvelopeOptions {
  readonly now: Date;
  /** The response Timestamp's lifetime: 5 minutes at AD FS (client-flows §1.6). */
  readonly timestampSeconds: number;
  /** The request's wsa:MessageID, echoed as wsa:RelatesTo (WS-Addressing 1.0 Core §3.4). */
  readonly relatesTo: string | undefined;
}

/**
 * The SOAP 1.2 response around the version's RSTR ([ADAL] test/wstrust/RSTR.xml):
 * the response Action and a `o:Security/u:Timestamp` header.
 */
export function responseEnvelope(version: WsTrustVersion, rstr: string, options: ResponseEnvelopeOptions): string {
  const expires = new Date(options.now.getTime() + options.timestampSeconds * 1000);
  const relatesTo = options.relatesTo ? `<a:RelatesTo>${escapeXml(options.relatesTo.slice(0, 200))}</a:RelatesTo>` : '';
  return (
    `<s:Envelope xmlns:s="${ns.soap12}" xmlns:a="${ns.wsa}" xmlns:u="${ns.wsu}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${version.responseAction}</a:Action>${relatesTo}` +
    `<o:Security s:mustUnderstand="1" xmlns:o="${ns.wsse}">` +
    `<u:Timestamp u:Id="_0"><u:Created>${options.now.toISOString()}</u:Created><u:Expires>${expires.toISOString()}</u:Expires></u:Timestamp>` +
    `</o:Security></s:Header><s:Body>${rstr}</s:Body></s:Envelope>`
  );
}
