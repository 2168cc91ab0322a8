import type { CodePages } from './code-pages.ts';
import { isElement, type WbxmlElement } from './model.ts';

/**
 * WBXML 1.3 encoding (WAP-192-WBXML §5) as ActiveSync uses it ([MS-ASWBXML] §2.1.1):
 * version 0x03, public id 0x01 (unknown), charset 0x6A (UTF-8), an empty string table,
 * then the body with SWITCH_PAGE whenever the code page changes, tags with the content
 * bit 0x40 when they have children, STR_I for text and OPAQUE for bytes.
 */
const token = { switchPage: 0x00, end: 0x01, strI: 0x03, opaque: 0xc3, content: 0x40 } as const;
const header = [0x03, 0x01, 0x6a, 0x00];

/** A multi-byte unsigned integer (WAP-192 §5.1): 7 bits a byte, most significant first, high bit set on all but the last. */
export function mbUint32(value: number): number[] {
  const bytes = [value & 0x7f];
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) bytes.unshift((rest & 0x7f) | 0x80);
  return bytes;
}

function tokensOf(pages: CodePages): Map<string, { page: number; token: number }> {
  const map = new Map<string, { page: number; token: number }>();
  for (const [page, definition] of Object.entries(pages)) {
    for (const [value, name] of Object.entries(definition.tags)) map.set(`${definition.namespace}:${name}`, { page: Number(page), token: Number(value) });
  }
  return map;
}

export function encodeWbxml(root: WbxmlElement, pages: CodePages): Buffer {
  const tokens = tokensOf(pages);
  const out: number[] = [...header];
  let currentPage = 0;
  const write = (element: WbxmlElement): void => {
    const found = tokens.get(`${element.namespace}:${element.name}`);
    if (!found) throw new TypeError(`no WBXML token for ${element.namespace}:${element.name}`);
    if (found.page !== currentPage) {
      out.push(token.switchPage, found.page);
      currentPage = found.page;
    }
    if (element.children.length === 0) {
      out.push(found.token);
      return;
    }
    out.push(found.token | token.content);
    for (const child of element.children) {
      if (isElement(child)) write(child);
      else if (typeof child === 'string') {
        if (child.includes('\0')) throw new TypeError('WBXML inline strings cannot contain NUL');
        out.push(token.strI, ...Buffer.from(child, 'utf8'), 0x00);
      } else out.push(token.opaque, ...mbUint32(child.length), ...child);
    }
    out.push(token.end);
  };
  write(root);
  return Buffer.from(out);
}
