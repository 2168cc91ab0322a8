/**
 * A decoded WBXML document as the lab handles it: elements named by code-page namespace
 * and tag, with text (inline strings) and opaque data as content. ActiveSync uses no
 * attributes ([MS-ASWBXML] §2.1.1), so there are none.
 */
export interface WbxmlElement {
  readonly namespace: string;
  readonly name: string;
  readonly children: readonly WbxmlNode[];
}

export type WbxmlNode = WbxmlElement | string | Uint8Array;

export function isElement(node: WbxmlNode): node is WbxmlElement {
  return typeof node === 'object' && !(node instanceof Uint8Array);
}

/** Builds an element; a string or number child becomes inline text. */
export function wbxml(namespace: string, name: string, ...children: (WbxmlNode | number)[]): WbxmlElement {
  return { namespace, name, children: children.map((child) => (typeof child === 'number' ? String(child) : child)) };
}

/** The concatenated text of an element's inline strings. */
export function textOf(element: WbxmlElement): string {
  return element.children.filter((child): child is string => typeof child === 'string').join('');
}

export function childrenNamed(element: WbxmlElement, name: string): WbxmlElement[] {
  return element.children.filter(isElement).filter((child) => child.name === name && child.namespace === element.namespace);
}
