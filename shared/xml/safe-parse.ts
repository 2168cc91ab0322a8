import { DOMParser, type Document, type Node } from '@xmldom/xmldom';
import { LabError } from '../errors/lab-error.ts';

/**
 * The one XML parser of the lab (docs/federation.md, "SAML toolkit"): everything that
 * reads SAML or SOAP parses with it, so every consumer gets the same hardening against
 * security.md's XXE, entity-expansion, multiple-roots and size/depth rows.
 */
export interface ParseXmlOptions {
  /** Largest accepted body in UTF-8 bytes. Default 256 KiB: a signed AD FS RSTR is about 8 KiB. */
  readonly maxBytes?: number;
  /** Deepest accepted element nesting (the root is depth 1). Default 64; SOAP + RSTR + SAML is under 15. */
  readonly maxDepth?: number;
}

const defaultMaxBytes = 256 * 1024;
const defaultMaxDepth = 64;
const DOCUMENT_TYPE_NODE = 10;
const ELEMENT_NODE = 1;
const doctypePattern = /<!DOCTYPE/i;
const doctypeMessage = 'the XML carries a DOCTYPE; DTDs and entities are never accepted';

function rejected(message: string, cause?: unknown): LabError {
  return new LabError({ code: 'XML_REJECTED', statusCode: 400, message, cause });
}

/** Iterative, so a hostile nesting depth cannot overflow the call stack before it is measured. */
function deepestElement(root: Node, maxDepth: number): number {
  const stack: Array<{ node: Node; depth: number }> = [{ node: root, depth: 1 }];
  let deepest = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > maxDepth) return deepest;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return deepest;
}

/**
 * Parses `text` with @xmldom/xmldom, treating every parser warning or error as fatal.
 * Throws `XML_REJECTED` for a DOCTYPE (entities, internal subset or an external id alike),
 * more than one root, text outside the root, a body above `maxBytes` or nesting deeper than `maxDepth`.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): Document {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw rejected(`the XML body is ${bytes} bytes; at most ${maxBytes} are accepted`);
  let reported: string | undefined;
  let document: Document;
  try {
    const parser = new DOMParser({
      locator: false,
      onError: (level, message) => {
        reported ??= `the XML parser reported a ${level === 'warning' ? 'warning' : 'well-formedness error'}: ${message}`;
        throw new Error(reported);
      },
    });
    document = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    // xmldom skips an internal subset, so a DOCTYPE with entities fails as "entity not found": name the real reason.
    if (doctypePattern.test(text)) throw rejected(doctypeMessage, error);
    throw rejected(reported ?? `the XML is not well-formed: ${String(error)}`, error);
  }
  for (let child = document.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === DOCUMENT_TYPE_NODE) throw rejected(doctypeMessage);
  }
  const roots = Array.from(document.childNodes).filter((child) => child.nodeType === ELEMENT_NODE);
  if (roots.length !== 1 || !document.documentElement) throw rejected(`the XML has ${roots.length} root elements; exactly one is accepted`);
  const depth = deepestElement(document.documentElement, maxDepth);
  if (depth > maxDepth) throw rejected(`the XML nests elements deeper than ${maxDepth} levels`);
  return document;
}
