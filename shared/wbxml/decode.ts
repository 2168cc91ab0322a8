import { LabError } from '../errors/lab-error.ts';
import type { CodePages } from './code-pages.ts';
import type { WbxmlElement, WbxmlNode } from './model.ts';

/**
 * WBXML decoding (WAP-192-WBXML §5) limited to what ActiveSync sends ([MS-ASWBXML]
 * §2.1.1): version 1.3, UTF-8, tags of the given code pages, inline and string-table
 * strings, opaque data. Attributes, entities, processing instructions, literals and
 * extensions are refused, as are unknown pages or tags, trailing bytes, truncation, and
 * documents deeper than `maxDepth` or with more than `maxElements` elements. Every
 * refusal is a LabError `WBXML_MALFORMED` (400) saying what and where.
 */
export interface DecodeOptions {
  readonly maxDepth?: number;
  readonly maxElements?: number;
}

const utf8 = 0x6a;

function malformed(message: string, offset: number): LabError {
  return new LabError({ code: 'WBXML_MALFORMED', statusCode: 400, message: `the WBXML is malformed at byte ${offset}: ${message}` });
}

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw malformed('the document ends too early', this.offset);
    return this.bytes[this.offset++]!;
  }

  mbUint32(): number {
    let value = 0;
    for (let count = 0; count < 5; count += 1) {
      const next = this.byte();
      value = value * 128 + (next & 0x7f);
      if ((next & 0x80) === 0) return value;
    }
    throw malformed('a multi-byte integer is longer than 5 bytes', this.offset);
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw malformed(`${length} bytes announced, ${this.bytes.length - this.offset} left`, this.offset);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  cString(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw malformed('an inline string has no terminating NUL', this.offset);
    const text = Buffer.from(this.bytes.subarray(this.offset, end)).toString('utf8');
    this.offset = end + 1;
    return text;
  }
}

function readHeader(reader: Reader): Uint8Array {
  const version = reader.byte();
  if (version !== 0x03) throw malformed(`version 0x${version.toString(16)} is not WBXML 1.3 (0x03)`, 0);
  if (reader.mbUint32() === 0) reader.mbUint32(); // public id 0: an index into the string table follows
  const charset = reader.mbUint32();
  if (charset !== utf8) throw malformed(`charset ${charset} is not UTF-8 (106)`, reader.offset);
  return reader.take(reader.mbUint32());
}

export function decodeWbxml(bytes: Uint8Array, pages: CodePages, options: DecodeOptions = {}): WbxmlElement {
  const maxDepth = options.maxDepth ?? 32;
  const maxElements = options.maxElements ?? 10_000;
  const reader = new Reader(bytes);
  const stringTable = readHeader(reader);
  let page = 0;
  let elements = 0;

  const tableString = (index: number, at: number): string => {
    const end = stringTable.indexOf(0, index);
    if (index >= stringTable.length || end < 0) throw malformed(`string table reference ${index} is outside the table`, at);
    return Buffer.from(stringTable.subarray(index, end)).toString('utf8');
  };

  const element = (tokenByte: number, depth: number): WbxmlElement => {
    const at = reader.offset - 1;
    if (depth > maxDepth) throw malformed(`nesting deeper than ${maxDepth}`, at);
    if ((elements += 1) > maxElements) throw malformed(`more than ${maxElements} elements`, at);
    if (tokenByte & 0x80) throw malformed('attributes are not used by ActiveSync', at);
    const definition = pages[page];
    const name = definition?.tags[tokenByte & 0x3f];
    if (!definition || !name) throw malformed(`tag 0x${(tokenByte & 0x3f).toString(16)} is not known on code page ${page}`, at);
    const children: WbxmlNode[] = [];
    if (tokenByte & 0x40) {
      for (;;) {
        const next = reader.byte();
        if (next === 0x01) break;
        children.push(content(next, depth));
      }
    }
    return { namespace: definition.namespace, name, children };
  };

  function content(next: number, depth: number): WbxmlNode {
    const at = reader.offset - 1;
    switch (next) {
      case 0x00:
        page = reader.byte();
        if (!pages[page]) throw malformed(`code page ${page} is not one this service speaks`, at);
        return content(reader.byte(), depth);
      case 0x03:
        return reader.cString();
      case 0x83:
        return tableString(reader.mbUint32(), at);
      case 0xc3:
        return reader.take(reader.mbUint32());
      default:
        if ((next & 0x3f) <= 0x04) throw malformed(`global token 0x${next.toString(16)} (entities, literals, PIs, extensions) is not accepted`, at);
        return element(next, depth + 1);
    }
  }

  let first = reader.byte();
  while (first === 0x00) {
    page = reader.byte();
    if (!pages[page]) throw malformed(`code page ${page} is not one this service speaks`, reader.offset - 1);
    first = reader.byte();
  }
  if ((first & 0x3f) <= 0x04) throw malformed('the body does not start with an element', reader.offset - 1);
  const root = element(first, 1);
  if (reader.offset !== bytes.length) throw malformed(`${bytes.length - reader.offset} bytes follow the root element`, reader.offset);
  return root;
}
