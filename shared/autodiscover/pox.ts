import type { Element } from '@xmldom/xmldom';
import { childElements } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { parseXml } from '../xml/safe-parse.ts';

/**
 * POX Autodiscover ([MS-OXDISCO]; the Outlook and mobile-sync schemas): the request
 * names an e-mail address and the response schema it accepts; the answer is that
 * schema's settings, or an `<Error>` with Autodiscover's own ErrorCode — 600 invalid
 * request, 601 schema not available, 500 address not found — in HTTP 200, as Exchange
 * sends them.
 */
export const autodiscoverNs = {
  response: 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006',
  outlookRequest: 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006',
  outlookResponse: 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a',
  mobileSyncRequest: 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006',
  mobileSyncResponse: 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006',
} as const;

export interface PoxRequest {
  readonly emailAddress: string;
  readonly responseSchema: string;
}

export class PoxError extends Error {
  readonly errorCode: number;

  constructor(errorCode: number, message: string) {
    super(message);
    this.name = 'PoxError';
    this.errorCode = errorCode;
  }
}

const requestNamespaces: ReadonlySet<string> = new Set([autodiscoverNs.outlookRequest, autodiscoverNs.mobileSyncRequest]);

function text(parent: Element, name: string): string | undefined {
  return childElements(parent).find((element) => element.localName === name && requestNamespaces.has(element.namespaceURI ?? ''))?.textContent?.trim() || undefined;
}

export function readPoxRequest(body: string): PoxRequest {
  let root;
  try {
    root = parseXml(body, { maxBytes: 64 * 1024 }).documentElement;
  } catch (error) {
    throw new PoxError(600, `Invalid Request: ${error instanceof Error ? error.message : 'not XML'}`);
  }
  if (!root || root.localName !== 'Autodiscover' || !requestNamespaces.has(root.namespaceURI ?? '')) throw new PoxError(600, 'Invalid Request: the root is not an Autodiscover request element');
  const request = childElements(root).find((element) => element.localName === 'Request' && element.namespaceURI === root.namespaceURI);
  const emailAddress = request && text(request, 'EMailAddress');
  const responseSchema = request && text(request, 'AcceptableResponseSchema');
  if (!emailAddress || !responseSchema) throw new PoxError(600, 'Invalid Request: Request needs EMailAddress and AcceptableResponseSchema');
  return { emailAddress, responseSchema };
}

export function poxErrorResponse(error: PoxError, correlationId: string, now: Date): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${autodiscoverNs.response}"><Response>` +
    `<Error Time="${now.toISOString().slice(11, 19)}" Id="${escapeXml(correlationId)}"><ErrorCode>${error.errorCode}</ErrorCode>` +
    `<Message>${escapeXml(error.message)}</Message><DebugData/></Error></Response></Autodiscover>`
  );
}
