import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { LabError } from '../../errors/lab-error.ts';
import { ensurePki, issueCertificate, LAB_CA, loadKeyPair, type KeyPair } from '../../pki/index.ts';
import { issueSaml11Assertion, type IssueSaml11Options, type Saml11Claims } from '../assertion-1-1.ts';
import { authenticationMethods, DSIG_NS, SAML11_NS } from '../namespaces.ts';
import { createReplayCache, verifySaml11Assertion, type VerifiedAssertion, type VerifySaml11Options } from '../verify.ts';

/**
 * Shared by the SAML tests: generated keys (never pasted), one frozen clock, a valid signed
 * assertion to start every attack from, and DOM edits that build each attack in the test.
 */

/** The one clock: assertions are issued at this instant and verified relative to it. */
export const issuedAt = new Date('2026-05-04T09:00:00.000Z');
export const lifetimeSeconds = 3600;
export const issuer = 'http://fs.contoso.test/adfs/services/trust';
export const audience = 'urn:federation:MicrosoftOnline';
export const claims: Saml11Claims = {
  immutableId: 'dGhpcyBpcyBqb2U=',
  upn: 'joe@contoso.test',
  authenticationMethod: authenticationMethods.passwordProtectedTransport,
  insideCorporateNetwork: false,
};
export const victim = { immutableId: 'YWRtaW5pc3RyYXRvcg==', upn: 'administrator@contoso.test' };

export interface Keys {
  /** AD FS token-signing: the certificate the relying party trusts. */
  readonly signer: KeyPair;
  /** The next token-signing certificate of a rollover. */
  readonly next: KeyPair;
  /** Someone else's key, with a certificate the lab CA really issued. */
  readonly attacker: KeyPair;
}

/** Generates the lab PKI once per test file in a temporary directory. */
export function useKeys(): Keys {
  let root = '';
  const keys = {} as { signer: KeyPair; next: KeyPair; attacker: KeyPair };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'hybrid-lab-saml-'));
    ensurePki(root, { now: issuedAt });
    keys.signer = loadKeyPair(root, 'signing/adfs-token-signing');
    keys.attacker = loadKeyPair(root, 'signing/exchange-online-federation');
    keys.next = issueCertificate({ commonName: 'ADFS Signing (next) - fs.contoso.test', usage: 'signing', validDays: 730, issuer: loadKeyPair(root, LAB_CA), now: issuedAt });
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  return keys;
}

export function issue(signer: KeyPair, overrides: Partial<Saml11Claims> = {}, options: Partial<IssueSaml11Options> = {}): string {
  return issueSaml11Assertion({ ...claims, ...overrides }, signer, { issuer, audience, lifetimeSeconds, now: issuedAt, ...options });
}

export function verifyOptions(keys: Keys, overrides: Partial<VerifySaml11Options> = {}): VerifySaml11Options {
  return { trustedCertificates: [keys.signer.certPem], issuer, audience, now: issuedAt, replayCache: createReplayCache({ now: () => issuedAt }), ...overrides };
}

export function verify(xml: string, keys: Keys, overrides: Partial<VerifySaml11Options> = {}): VerifiedAssertion {
  return verifySaml11Assertion(xml, verifyOptions(keys, overrides));
}

/** Asserts the refusal's code, and that it is the 401 `invalid_grant` every SAML refusal is. */
export function assertRefused(action: () => unknown, code: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof LabError, `expected a LabError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.statusCode, 401);
    assert.equal(error.wireCode, 'invalid_grant');
    return true;
  });
}

/** Parses, lets `edit` change the tree, serializes. The fixtures are well-formed; the checks are what is tested. */
export function mutate(xml: string, edit: (document: Document) => void): string {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  edit(document);
  return new XMLSerializer().serializeToString(document);
}

export function first(root: Document | Element, namespace: string, localName: string): Element {
  const found = root.getElementsByTagNameNS(namespace, localName)[0];
  assert.ok(found, `no ${localName} in the fixture`);
  return found;
}

export function setText(element: Element, value: string): void {
  while (element.firstChild) element.removeChild(element.firstChild);
  element.appendChild(element.ownerDocument!.createTextNode(value));
}

/** The attacker's edit: the same assertion about the victim. */
export function impersonateVictim(assertion: Element): void {
  for (const name of Array.from(assertion.getElementsByTagNameNS(SAML11_NS, 'NameIdentifier'))) setText(name, victim.immutableId);
  const values = Array.from(assertion.getElementsByTagNameNS(SAML11_NS, 'AttributeValue'));
  setText(values[0]!, victim.upn);
  setText(values[1]!, victim.immutableId);
}

/** A deep copy of the signed assertion, about the victim, with a new ID and no signature. */
export function evilCopy(original: Element, assertionId = '_evil'): Element {
  const copy = original.cloneNode(true) as Element;
  copy.setAttribute('AssertionID', assertionId);
  const signature = first(copy, DSIG_NS, 'Signature');
  copy.removeChild(signature);
  impersonateVictim(copy);
  return copy;
}

export function withoutSignature(xml: string): string {
  return mutate(xml, (document) => document.documentElement!.removeChild(first(document, DSIG_NS, 'Signature')));
}
