import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { wrapInRstr13 } from '../assertion-1-1.ts';
import { SAML11_NS } from '../namespaces.ts';
import { signSaml11Assertion } from '../sign.ts';
import { extractAssertionFromRstr } from '../verify.ts';
import { assertRefused, audience, first, impersonateVictim, issue, issuedAt, mutate, setText, useKeys, verify, withoutSignature } from './support.ts';

/**
 * Debian's xmlsec1 as an independent verifier (security.md): it must agree with the lab on
 * what the signature covers. Where it accepts and the lab refuses (a comment in NameID),
 * the test says why the lab is stricter.
 */
const keys = useKeys();
const installed = spawnSync('xmlsec1', ['--version']).status === 0;
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-xmlsec1-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** True when `xmlsec1 --verify` accepts `xml` with only `certPem`'s key (KeyInfo certificates do not chain to anything it trusts). */
function xmlsec1Accepts(xml: string, certPem = keys.signer.certPem): boolean {
  const certFile = join(dir, 'trusted.crt');
  const xmlFile = join(dir, 'assertion.xml');
  writeFileSync(certFile, certPem);
  writeFileSync(xmlFile, xml);
  const result = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', certFile, '--id-attr:AssertionID', `${SAML11_NS}:Assertion`, xmlFile], { encoding: 'utf8' });
  return result.status === 0;
}

describe('xmlsec1 as an independent oracle', { skip: installed ? false : 'xmlsec1 is not installed' }, () => {
  it('accepts the issued assertion, as verifySaml11Assertion does', () => {
    const xml = issue(keys.signer);
    assert.equal(xmlsec1Accepts(xml), true);
    assert.ok(verify(xml, keys));
  });

  it('accepts the assertion extracted from a WS-Trust 1.3 RSTRC', () => {
    const rstr = wrapInRstr13(issue(keys.signer), { created: issuedAt, expires: new Date(issuedAt.getTime() + 3600_000), audience });
    assert.equal(xmlsec1Accepts(extractAssertionFromRstr(rstr)), true);
  });

  it('refuses an assertion edited after signing, as verifySaml11Assertion does', () => {
    const xml = mutate(issue(keys.signer), (document) => impersonateVictim(document.documentElement!));
    assert.equal(xmlsec1Accepts(xml), false);
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });

  it('refuses an assertion re-signed with another key when only the trusted certificate is given', () => {
    const xml = signSaml11Assertion(withoutSignature(mutate(issue(keys.signer), (document) => impersonateVictim(document.documentElement!))), keys.attacker);
    assert.equal(xmlsec1Accepts(xml), false);
    assert.equal(xmlsec1Accepts(xml, keys.attacker.certPem), true, 'the forgery is a well-made signature, just by the wrong key');
    assertRefused(() => verify(xml, keys), 'SAML_UNTRUSTED_KEY');
  });

  it('refuses a processing instruction in NameIdentifier, as verifySaml11Assertion does', () => {
    const xml = mutate(issue(keys.signer), (document) => first(document, SAML11_NS, 'NameIdentifier').appendChild(document.createProcessingInstruction('x', 'y')));
    assert.equal(xmlsec1Accepts(xml), false);
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });

  it('accepts a comment in NameIdentifier, because exc-c14n drops it; verifySaml11Assertion refuses it outright', () => {
    const xml = mutate(issue(keys.signer, { immutableId: 'joe@contoso.test.evil.test' }), (document) => {
      const name = first(document, SAML11_NS, 'NameIdentifier');
      setText(name, 'joe@contoso.test');
      name.appendChild(document.createComment(''));
      name.appendChild(document.createTextNode('.evil.test'));
    });
    assert.equal(xmlsec1Accepts(xml), true);
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });
});
