import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { escapeXml } from '../escape.ts';
import { parseXml } from '../safe-parse.ts';

function assertRejected(text: string, options?: Parameters<typeof parseXml>[1]): LabError {
  let caught: unknown;
  assert.throws(() => parseXml(text, options), (error: unknown) => {
    caught = error;
    return error instanceof LabError && error.code === 'XML_REJECTED';
  });
  return caught as LabError;
}

const nested = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);

describe('parseXml', () => {
  it('returns the document of well-formed XML with a declaration, comments and whitespace around the root', () => {
    const document = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<!-- note -->\n<r xmlns="urn:x"><c>1</c></r>\n');
    assert.equal(document.documentElement?.localName, 'r');
    assert.equal(document.documentElement?.namespaceURI, 'urn:x');
  });

  it('rejects a DOCTYPE even without entities', () => {
    assertRejected('<!DOCTYPE r><r/>');
  });

  it('rejects an external entity (XXE) and names the DOCTYPE as the reason', () => {
    const error = assertRejected('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>');
    assert.match(error.message, /DOCTYPE/);
  });

  it('rejects nested entity expansion (billion laughs)', () => {
    const entities = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, index) => `<!ENTITY l${index + 1} "${`&l${index};`.repeat(10)}">`)].join('');
    assertRejected(`<!DOCTYPE r [${entities}]><r>&l9;</r>`);
  });

  it('rejects an external DTD given by a public identifier', () => {
    assertRejected('<!DOCTYPE r PUBLIC "-//x//y" "http://attacker.test/x.dtd"><r/>');
  });

  it('rejects a second root element (CVE-2022-39353)', () => {
    assertRejected('<r/><r/>');
  });

  it('rejects text after the root element', () => {
    assertRejected('<r/>trailing');
  });

  it('rejects text before the root element', () => {
    assertRejected('leading<r/>');
  });

  it('rejects an undeclared entity reference', () => {
    assertRejected('<r>&nbsp;</r>');
  });

  it('rejects an unbound namespace prefix', () => {
    assertRejected('<x:r/>');
  });

  it('rejects a duplicated attribute', () => {
    assertRejected('<r a="1" a="2"/>');
  });

  it('rejects an empty body', () => {
    assertRejected('');
  });

  it('accepts a body of exactly maxBytes and rejects one byte more, counting UTF-8 bytes', () => {
    const body = '<r>é</r>'; // é is two bytes
    assert.ok(parseXml(body, { maxBytes: 9 }));
    assertRejected(body, { maxBytes: 8 });
  });

  it('rejects a body above the 256 KiB default', () => {
    assertRejected(`<r>${'x'.repeat(256 * 1024)}</r>`);
  });

  it('accepts 64 nested elements and rejects 65 by default', () => {
    assert.ok(parseXml(nested(64)));
    assertRejected(nested(65));
  });

  it('honours a smaller maxDepth', () => {
    assert.ok(parseXml(nested(3), { maxDepth: 3 }));
    assertRejected(nested(4), { maxDepth: 3 });
  });

  it('measures a very deep document without overflowing the stack', () => {
    assertRejected(nested(50_000), { maxBytes: 1024 * 1024 });
  });

  it('throws 400 LabErrors', () => {
    assert.equal(assertRejected('<r/><r/>').statusCode, 400);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML special characters so the value round-trips through the parser', () => {
    const value = `<script>"a" & 'b'</script>`;
    assert.equal(escapeXml(value), '&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
    const document = parseXml(`<r a="${escapeXml(value)}" b='${escapeXml(value)}'>${escapeXml(value)}</r>`);
    assert.equal(document.documentElement?.getAttribute('a'), value);
    assert.equal(document.documentElement?.getAttribute('b'), value);
    assert.equal(document.documentElement?.textContent, value);
  });
});
