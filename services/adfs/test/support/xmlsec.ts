import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface XmlsecResult {
  readonly verified: boolean;
  readonly output: string;
}

/**
 * Debian's xmlsec1 as an independent verifier (security.md): the signature must verify
 * with the given certificate's key alone, the ID attribute declared as `--id-attr` does.
 */
export function xmlsecVerify(xml: string, certPem: string, idAttribute: IdAttribute): XmlsecResult {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-xmlsec-'));
  try {
    writeFileSync(join(dir, 'signed.xml'), xml);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    const result = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), `--id-attr:${idAttribute.attribute}`, idAttribute.node, join(dir, 'signed.xml')], { encoding: 'utf8', timeout: 20_000 });
    return { verified: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ID attributes the lab's documents sign by: `--id-attr:<attribute> <namespace>:<element>`. */
export interface IdAttribute {
  readonly attribute: string;
  readonly node: string;
}

export const idAttributes = {
  saml11Assertion: { attribute: 'AssertionID', node: 'urn:oasis:names:tc:SAML:1.0:assertion:Assertion' },
  saml20Assertion: { attribute: 'ID', node: 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion' },
  entityDescriptor: { attribute: 'ID', node: 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor' },
} as const satisfies Record<string, IdAttribute>;
