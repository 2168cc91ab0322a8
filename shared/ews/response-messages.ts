import { escapeXml } from '../xml/escape.ts';
import { ewsNs } from './namespaces.ts';

/**
 * EWS response bodies ([MS-OXWSCDATA] ResponseMessageType): one `m:<Operation>ResponseMessage`
 * per requested id, ResponseClass Success with ResponseCode NoError, or Error with
 * MessageText, the ResponseCode and DescriptiveLinkKey 0; wrapped in
 * `m:<Operation>Response/m:ResponseMessages` and a SOAP 1.1 envelope whose header
 * carries ServerVersionInfo.
 */
export interface ResponseError {
  readonly code: string;
  readonly text: string;
}

export function successMessage(operation: string, content: string): string {
  return `<m:${operation}ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>${content}</m:${operation}ResponseMessage>`;
}

export function errorMessage(operation: string, error: ResponseError): string {
  return (
    `<m:${operation}ResponseMessage ResponseClass="Error"><m:MessageText>${escapeXml(error.text)}</m:MessageText>` +
    `<m:ResponseCode>${escapeXml(error.code)}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:${operation}ResponseMessage>`
  );
}

export function operationResponse(operation: string, messages: readonly string[]): string {
  return `<m:${operation}Response xmlns:m="${ewsNs.messages}" xmlns:t="${ewsNs.types}"><m:ResponseMessages>${messages.join('')}</m:ResponseMessages></m:${operation}Response>`;
}

/** What `h:ServerVersionInfo` says: major and minor version and the schema version (ExchangeVersionType). */
export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly version: string;
}

/** Exchange Online's version as EWS reports it; build numbers are the lab's own (0). */
export const exchangeOnlineVersion: ServerVersion = { major: 15, minor: 20, version: 'V2018_01_08' };
/** Exchange Server 2019's (15.2), the on-premises side; its newest schema is Exchange2016 as EWS names it, V2017_07_11. */
export const exchangeServer2019Version: ServerVersion = { major: 15, minor: 2, version: 'V2017_07_11' };

function serverVersionInfo(server: ServerVersion): string {
  return `<h:ServerVersionInfo MajorVersion="${server.major}" MinorVersion="${server.minor}" MajorBuildNumber="0" MinorBuildNumber="0" Version="${escapeXml(server.version)}" xmlns:h="${ewsNs.types}"/>`;
}

export function responseEnvelope(body: string, server: ServerVersion = exchangeOnlineVersion): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ewsNs.soap}"><s:Header>${serverVersionInfo(server)}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

export function element(name: string, value: string | number | boolean): string {
  return `<t:${name}>${escapeXml(String(value))}</t:${name}>`;
}
