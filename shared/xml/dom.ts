import type { Document, Element, Node } from '@xmldom/xmldom';

/**
 * Namespace-exact element lookups. Every match compares the namespace URI as well as the
 * local name, because a prefix proves nothing (an attacker chooses prefixes freely).
 */
const ELEMENT_NODE = 1;

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function isNamed(node: Node | null | undefined, namespace: string, localName: string): node is Element {
  return isElement(node) && node.namespaceURI === namespace && node.localName === localName;
}

/** Element children of `parent`, optionally only those in `namespace` called `localName`. */
export function childElements(parent: Node, namespace?: string, localName?: string): Element[] {
  const children: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (!isElement(child)) continue;
    if (namespace === undefined || localName === undefined || isNamed(child, namespace, localName)) children.push(child);
  }
  return children;
}

/** Every element in document order below (and including) `root` that `accept` selects. Iterative. */
export function findElements(root: Document | Element, accept: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node) && accept(node)) found.push(node);
    const children = Array.from(node.childNodes);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
  return found;
}

/** Every element in namespace `namespace` called `localName`, anywhere below `root`. */
export function elementsNamed(root: Document | Element, namespace: string, localName: string): Element[] {
  return findElements(root, (element) => isNamed(element, namespace, localName));
}
