import type { Element } from '@xmldom/xmldom';
import { LabError } from '../errors/lab-error.ts';
import { childElements } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { ewsFault } from './ews-fault.ts';
import { ewsNs } from './namespaces.ts';

/**
 * An EWS request: a SOAP 1.1 envelope whose Body holds one operation element in the
 * messages namespace, and a header that may ask for a server version
 * (`t:RequestServerVersion`). Parsed with the lab's hardened parser; whatever is not
 * that shape is a fault naming what is wrong.
 */
export interface EwsRequest {
  readonly operation: Element;
  readonly requestedVersion: string | undefined;
}

const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
/** RequestServerVersion values EWS knows (ExchangeVersionType): Exchange2007 … Exchange2016 and the dated V20xx_xx_xx ones. */
const knownVersion = /^(Exchange20(07|10|13|15|16)(_SP[1-3])?|V20\d\d_\d\d_\d\d)$/;

function parse(body: string): Element {
  try {
    const root = parseXml(body, { maxBytes: 256 * 1024 }).documentElement;
    if (root) return root;
  } catch (error) {
    throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${error instanceof LabError ? error.message : 'not XML'}.`, error);
  }
  throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: the body is empty.');
}

function requestedVersion(header: Element | undefined): string | undefined {
  if (!header) return undefined;
  if (childElements(header, ewsNs.types, 'ExchangeImpersonation').length > 0) {
    throw ewsFault('ErrorImpersonationDenied', 'The account does not have permission to impersonate the requested user.');
  }
  const version = childElements(header, ewsNs.types, 'RequestServerVersion')[0]?.getAttribute('Version') ?? undefined;
  if (version !== undefined && !knownVersion.test(version)) throw ewsFault('ErrorInvalidServerVersion', `The specified server version '${version.slice(0, 60)}' is invalid.`);
  return version;
}

export function readEwsRequest(body: string): EwsRequest {
  const root = parse(body);
  if (root.namespaceURI === soap12 && root.localName === 'Envelope') throw ewsFault('VersionMismatch', 'EWS speaks SOAP 1.1; this is a SOAP 1.2 envelope.');
  if (root.namespaceURI !== ewsNs.soap || root.localName !== 'Envelope') throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: the root element is not a SOAP 1.1 Envelope.');
  const bodies = childElements(root, ewsNs.soap, 'Body');
  if (bodies.length !== 1) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: the envelope has ${bodies.length} Body elements; exactly one is expected.`);
  const operations = childElements(bodies[0]!);
  const operation = operations[0];
  if (operations.length !== 1 || !operation) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: the Body holds ${operations.length} elements; exactly one operation is expected.`);
  if (operation.namespaceURI !== ewsNs.messages) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${operation.localName} is not in the EWS messages namespace.`);
  return { operation, requestedVersion: requestedVersion(childElements(root, ewsNs.soap, 'Header')[0]) };
}
