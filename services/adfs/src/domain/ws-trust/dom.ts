import type { Element, Node } from '@xmldom/xmldom';
import { childElements } from '../../../../../shared/xml/dom.ts';
import { malformedRequest } from './faults.ts';

/**
 * Namespace-aware reading of the parsed RST. Every lookup says how many it expects,
 * so a second UsernameToken or Action is a malformed request, never a choice.
 */

/** The one child `path` names; none or several is a malformed request naming `path`. */
export function onlyChild(parent: Node, namespace: string, localName: string, path: string): Element {
  const found = childElements(parent, namespace, localName);
  if (found.length !== 1) throw malformedRequest(found.length ? `more than one ${path}` : `${path} is missing`);
  return found[0]!;
}

export function optionalChild(parent: Node, namespace: string, localName: string, path: string): Element | undefined {
  const found = childElements(parent, namespace, localName);
  if (found.length > 1) throw malformedRequest(`more than one ${path}`);
  return found[0];
}

/** The whole text of an element (security.md: a comment inside a value is still part of it), trimmed. */
export function textOf(element: Element): string {
  return (element.textContent ?? '').trim();
}

/** A wsu:Created / wsu:Expires instant: an ISO 8601 UTC date-time. */
export function instantOf(element: Element, path: string): Date {
  const text = textOf(element);
  const instant = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) throw malformedRequest(`${path} is not a UTC date-time`);
  return instant;
}
