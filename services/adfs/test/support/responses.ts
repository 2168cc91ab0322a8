import type { Document } from '@xmldom/xmldom';
import type { LightMyRequestResponse } from 'fastify';
import { elementsNamed } from '../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../shared/xml/safe-parse.ts';

export const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
export const wsa = 'http://www.w3.org/2005/08/addressing';

export interface Fault {
  readonly code: string;
  readonly subcode: string | undefined;
  /** The namespace the subcode's prefix is bound to where it is used. */
  readonly subcodeNamespace: string | undefined;
  readonly reason: string;
}

const textOf = (document: Document, namespace: string, localName: string): string[] => elementsNamed(document, namespace, localName).map((element) => element.textContent ?? '');

/** A WS-Trust fault's parts, read with the lab's safe parser. */
export function readFault(response: LightMyRequestResponse): Fault {
  const document = parseXml(response.body);
  const [code, subcode] = elementsNamed(document, soap12, 'Value');
  const prefix = subcode?.textContent?.split(':')[0];
  return {
    code: code?.textContent ?? '',
    subcode: subcode?.textContent ?? undefined,
    subcodeNamespace: prefix && subcode ? (subcode.lookupNamespaceURI(prefix) ?? undefined) : undefined,
    reason: textOf(document, soap12, 'Text').join(''),
  };
}

/** The response's wsa:Action header. */
export function actionOf(body: string): string | undefined {
  return textOf(parseXml(body), wsa, 'Action')[0];
}
