import { describe, it } from 'node:test';
import { SAML11_NS } from '../namespaces.ts';
import { assertRefused, first, issue, mutate, useKeys, verify } from './support.ts';

/** security.md's parser rows, at the SAML consumer: every one is XML_REJECTED, 401 invalid_grant. */
const keys = useKeys();

const withDoctype = (xml: string, subset: string): string => `<!DOCTYPE saml:Assertion [${subset}]>${xml}`;
const nameIdentifierAs = (xml: string, replacement: string): string => xml.replace(/(<saml:NameIdentifier[^>]*>)[^<]*/g, `$1${replacement}`);

describe('verifySaml11Assertion against parser attacks', () => {
  it('refuses an external entity (XXE) in the NameIdentifier with XML_REJECTED', () => {
    const xml = withDoctype(nameIdentifierAs(issue(keys.signer), '&xxe;'), '<!ENTITY xxe SYSTEM "file:///etc/passwd">');
    assertRefused(() => verify(xml, keys), 'XML_REJECTED');
  });

  it('refuses nested entity expansion (billion laughs) with XML_REJECTED', () => {
    const entities = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, index) => `<!ENTITY l${index + 1} "${`&l${index};`.repeat(10)}">`)].join('');
    assertRefused(() => verify(withDoctype(nameIdentifierAs(issue(keys.signer), '&l9;'), entities), keys), 'XML_REJECTED');
  });

  it('refuses a DOCTYPE that declares nothing in front of a valid assertion with XML_REJECTED', () => {
    assertRefused(() => verify(`<!DOCTYPE saml:Assertion>${issue(keys.signer)}`, keys), 'XML_REJECTED');
  });

  it('refuses a second root after the signed assertion (CVE-2022-39353) with XML_REJECTED', () => {
    const xml = issue(keys.signer);
    assertRefused(() => verify(`${xml}${mutate(xml, (document) => first(document, SAML11_NS, 'NameIdentifier').setAttribute('x', '1'))}`, keys), 'XML_REJECTED');
  });

  it('refuses a validly signed assertion above 256 KiB with XML_REJECTED', () => {
    const xml = issue(keys.signer, { extraAttributes: { 'urn:padding/pad': ['x'.repeat(256 * 1024)] } });
    assertRefused(() => verify(xml, keys), 'XML_REJECTED');
  });

  it('refuses elements nested deeper than 64 levels with XML_REJECTED', () => {
    const deep = `${'<d:x xmlns:d="urn:deep">'.repeat(70)}${'</d:x>'.repeat(70)}`;
    assertRefused(() => verify(issue(keys.signer).replace('</saml:Conditions>', `${deep}</saml:Conditions>`), keys), 'XML_REJECTED');
  });

  it('refuses a document without any assertion with XML_REJECTED', () => {
    assertRefused(() => verify('<r xmlns="urn:x"/>', keys), 'XML_REJECTED');
  });
});
