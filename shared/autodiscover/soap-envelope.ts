import type { Element } from '@xmldom/xmldom';
import { LabError } from '../errors/lab-error.ts';
import { childElements } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { parseXml } from '../xml/safe-parse.ts';

/**
 * SOAP Autodiscover's envelope ([MS-OXWSADISC]; server-flows §2.2, §3.2): SOAP 1.1 with
 * WS-Addressing; the operation is named by `wsa:Action`
 * (`…/Autodiscover/Autodiscover/<Operation>`) or, failing that, the SOAPAction header,
 * and its body is `<Operation>RequestMessage` in the Autodiscover namespace. A request
 * that is not that shape is a SOAP fault naming what is wrong (HTTP 500, as WCF
 * answers), never a guess.
 */
export const autodiscoverSoapNs = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  autodiscover: 'http://schemas.microsoft.com/exchange/2010/Autodiscover',
  addressing: 'http://www.w3.org/2005/08/addressing',
  instance: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

const actionPrefix = `${autodiscoverSoapNs.autodiscover}/Autodiscover/`;

export interface AutodiscoverSoapRequest {
  /** GetUserSettings, GetFederationInformation, … */
  readonly operation: string;
  /** `<Operation>RequestMessage/Request`. */
  readonly request: Element;
}

export function autodiscoverFault(faultCode: 'Client' | 'ActionNotSupported' | 'InvalidSecurity', message: string, hop: string, cause?: unknown): LabError {
  return new LabError({ code: `AUTODISCOVER_${faultCode.toUpperCase()}`, statusCode: 500, expose: true, wireCode: faultCode, message, hop, cause });
}

function parse(body: string, hop: string): Element {
  try {
    const root = parseXml(body, { maxBytes: 64 * 1024 }).documentElement;
    if (root) return root;
  } catch (error) {
    throw autodiscoverFault('Client', `The message is not well-formed XML: ${error instanceof Error ? error.message : 'unreadable'}.`, hop, error);
  }
  throw autodiscoverFault('Client', 'The message is empty.', hop);
}

function operationOf(envelope: Element, soapAction: string | undefined, hop: string): string {
  const header = childElements(envelope, autodiscoverSoapNs.soap, 'Header')[0];
  const action = (header && childElements(header, autodiscoverSoapNs.addressing, 'Action')[0]?.textContent?.trim()) || soapAction?.replace(/^"|"$/g, '').trim();
  if (!action) throw autodiscoverFault('Client', 'The message names no operation: send wsa:Action (or SOAPAction) …/Autodiscover/Autodiscover/<Operation>.', hop);
  if (!action.startsWith(actionPrefix)) throw autodiscoverFault('ActionNotSupported', `The action '${action.slice(0, 200)}' is not an Autodiscover action (${actionPrefix}<Operation>).`, hop);
  return action.slice(actionPrefix.length);
}

export function readAutodiscoverSoap(body: string, soapAction: string | undefined, hop: string): AutodiscoverSoapRequest {
  const envelope = parse(body, hop);
  if (envelope.namespaceURI !== autodiscoverSoapNs.soap || envelope.localName !== 'Envelope') throw autodiscoverFault('Client', 'The root element is not a SOAP 1.1 Envelope.', hop);
  const operation = operationOf(envelope, soapAction, hop);
  const soapBody = childElements(envelope, autodiscoverSoapNs.soap, 'Body')[0];
  const message = soapBody && childElements(soapBody, autodiscoverSoapNs.autodiscover, `${operation}RequestMessage`)[0];
  const request = message && childElements(message, autodiscoverSoapNs.autodiscover, 'Request')[0];
  if (!request) throw autodiscoverFault('Client', `The Body has no ${operation}RequestMessage/Request in the Autodiscover namespace.`, hop);
  return { operation, request };
}

/** What `ServerVersionInfo` says in the response header. */
export interface AutodiscoverServerVersion {
  readonly major: number;
  readonly minor: number;
  /** `Exchange2015` (Exchange Online) or `Exchange2013` and later on-premises, as Exchange writes it. */
  readonly version: string;
}

export function autodiscoverResponse(operation: string, responseXml: string, server: AutodiscoverServerVersion): string {
  const ns = autodiscoverSoapNs;
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ns.soap}" xmlns:a="${ns.addressing}"><s:Header>` +
    `<a:Action s:mustUnderstand="1">${escapeXml(`${actionPrefix}${operation}Response`)}</a:Action>` +
    `<h:ServerVersionInfo xmlns:h="${ns.autodiscover}" xmlns:i="${ns.instance}"><h:MajorVersion>${server.major}</h:MajorVersion><h:MinorVersion>${server.minor}</h:MinorVersion>` +
    `<h:MajorBuildNumber>0</h:MajorBuildNumber><h:MinorBuildNumber>0</h:MinorBuildNumber><h:Version>${escapeXml(server.version)}</h:Version></h:ServerVersionInfo></s:Header>` +
    `<s:Body><${operation}ResponseMessage xmlns="${ns.autodiscover}"><Response xmlns:i="${ns.instance}">${responseXml}</Response></${operation}ResponseMessage></s:Body></s:Envelope>`
  );
}

/** A fault as WCF writes one for Autodiscover: faultcode in the SOAP or addressing namespace, the message and the hop. */
export function renderAutodiscoverFault(error: LabError, context: { readonly correlationId: string; readonly errorId: string; readonly service: string }): string {
  const code = error.wireCode === 'ActionNotSupported' ? 'a:ActionNotSupported' : error.wireCode === 'InvalidSecurity' ? 'o:InvalidSecurity' : 's:Client';
  const faultCode = error.statusCode >= 500 && !error.expose ? 's:Server' : code;
  const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
  const hop = error.hop ? ` (hop: ${error.hop})` : '';
  const text = error.expose ? `${error.message}${hop}` : `internal error in ${context.service}; see its log for error id ${context.errorId}${hop}`;
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${autodiscoverSoapNs.soap}" xmlns:a="${autodiscoverSoapNs.addressing}"><s:Body><s:Fault>` +
    `<faultcode xmlns:o="${wsse}">${faultCode}</faultcode><faultstring xml:lang="en-US">${escapeXml(text)}</faultstring>` +
    `<detail><LabErrorCode>${escapeXml(error.code)}</LabErrorCode><CorrelationId>${escapeXml(context.correlationId)}</CorrelationId></detail></s:Fault></s:Body></s:Envelope>`
  );
}
