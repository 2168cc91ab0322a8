import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SAML11_NS } from '../namespaces.ts';
import { signSaml11Assertion } from '../sign.ts';
import { claims, issue, useKeys, verify } from './support.ts';

/**
 * The issuing signer renders the canonical form itself instead of parsing what it wrote
 * (shared/saml/sign.ts). It must produce exactly the signature xml-crypto computes over
 * the same element, for any value — including the characters where C14N escaping differs
 * from ordinary XML escaping — and xmlsec1 must accept it.
 */
const keys = useKeys();
const awkward = `a&b<c>d"e'f\tg\nh\ri é 🙂`;

function xmlsec1Accepts(xml: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-sign-'));
  try {
    writeFileSync(join(dir, 'cert.pem'), keys.signer.certPem);
    writeFileSync(join(dir, 'assertion.xml'), xml);
    return spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), '--id-attr:AssertionID', `${SAML11_NS}:Assertion`, join(dir, 'assertion.xml')]).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const digestAndSignature = (xml: string) => ({ digest: /<ds:DigestValue>([^<]+)</.exec(xml)?.[1], signature: /<ds:SignatureValue>([^<]+)</.exec(xml)?.[1] });

describe('the issuing signer (canonical form rendered, not parsed)', () => {
  for (const [name, overrides] of [
    ['plain values', {}],
    ['values needing escapes in text and attributes', { upn: awkward, extraAttributes: { [`urn:x/${'n'}`]: [awkward, ''] } }],
  ] as const) {
    it(`gives the digest and signature xml-crypto computes over the same element, with ${name}`, () => {
      const issued = issue(keys.signer, overrides);
      // Cut out by text: re-serializing through a DOM would lose the character references.
      const byXmlCrypto = signSaml11Assertion(issued.replace(/<ds:Signature\b[\s\S]*<\/ds:Signature>/, ''), keys.signer);
      assert.deepEqual(digestAndSignature(issued), digestAndSignature(byXmlCrypto));
    });

    it(`verifies in the lab's verifier and in xmlsec1, with ${name}`, () => {
      const issued = issue(keys.signer, overrides);
      assert.equal(verify(issued, keys).nameIdentifier, claims.immutableId);
      assert.equal(xmlsec1Accepts(issued), true);
    });
  }
});
