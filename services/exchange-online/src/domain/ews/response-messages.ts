import { escapeXml } from '../../../../../shared/xml/escape.ts';
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

/** Exchange Online's version as EWS reports it; build numbers are the lab's own (0). */
const serverVersionInfo = `<h:ServerVersionInfo MajorVersion="15" MinorVersion="20" MajorBuildNumber="0" MinorBuildNumber="0" Version="V2018_01_08" xmlns:h="${ewsNs.types}"/>`;

export function responseEnvelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ewsNs.soap}"><s:Header>${serverVersionInfo}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

export function element(name: string, value: string | number | boolean): string {
  return `<t:${name}>${escapeXml(String(value))}</t:${name}>`;
}
