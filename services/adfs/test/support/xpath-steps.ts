import type { Attr, Element, Node } from '@xmldom/xmldom';

/**
 * Just enough XPath to replay the MEX selections of ADAL (lib/mex.js, via the xpath
 * package) and MSAL-python (msal/mex.py, via ElementTree): child steps `p:name`, a
 * leading `//` or `.//` (descendants), `..` (parent) and a final `@attribute`.
 * Prefixes resolve through the caller's map, as both libraries do.
 */
export type Namespaces = Readonly<Record<string, string>>;

const isElement = (node: Node): node is Element => node.nodeType === 1;

function children(node: Node): Element[] {
  return Array.from(node.childNodes).filter(isElement);
}

function descendants(node: Node): Element[] {
  return children(node).flatMap((child) => [child, ...descendants(child)]);
}

function matches(element: Element, step: string, namespaces: Namespaces): boolean {
  const [prefix, localName] = step.split(':') as [string, string];
  const namespace = namespaces[prefix];
  if (namespace === undefined) throw new TypeError(`unknown prefix ${prefix}`);
  return element.namespaceURI === namespace && element.localName === localName;
}

function applyStep(nodes: readonly Node[], step: string, namespaces: Namespaces, deep: boolean): Node[] {
  if (step === '..') return [...new Set(nodes.map((node) => node.parentNode).filter((node): node is Node => node !== null))];
  if (step.startsWith('@')) return nodes.filter(isElement).flatMap((element) => element.getAttributeNode(step.slice(1)) ?? []);
  return nodes.flatMap((node) => (deep ? descendants(node) : children(node))).filter((element) => matches(element, step, namespaces));
}

export function select(context: Node, path: string, namespaces: Namespaces): Node[] {
  const deep = path.startsWith('//') || path.startsWith('.//');
  const steps = path.replace(/^\.?\/\//, '').split('/');
  let nodes: Node[] = [context];
  steps.forEach((step, index) => {
    nodes = applyStep(nodes, step, namespaces, deep && index === 0);
  });
  return nodes;
}

export function attributeValue(nodes: readonly Node[]): string | undefined {
  return (nodes[0] as Attr | undefined)?.value;
}
