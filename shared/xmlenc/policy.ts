import type { Element } from '@xmldom/xmldom';
import { DSIG_NS } from '../saml/namespaces.ts';
import { childElements, findElements } from '../xml/dom.ts';
import { encryptionSuite, XMLENC11_NS, XMLENC_NS } from './algorithms.ts';

/**
 * The shape an EncryptedData must have before any key is touched: exactly the suite of
 * algorithms.ts, one EncryptedKey inside its KeyInfo, nothing resolved by reference.
 * The library decrypts the first element of each local name it meets, so every name it
 * looks for must occur exactly as often as this shape has it (a second EncryptedKey or
 * CipherValue elsewhere could otherwise be the one it reads). Throws a plain Error naming
 * the deviation; decrypt.ts turns every one into the single decryption error.
 */
const expectedCounts: Readonly<Record<string, number>> = {
  EncryptedData: 1,
  EncryptedKey: 1,
  EncryptionMethod: 2,
  CipherData: 2,
  CipherValue: 2,
  DigestMethod: 1,
  MGF: 1,
  RetrievalMethod: 0,
  CipherReference: 0,
  OAEPparams: 0,
  EncryptedType: 0,
};

function one(parent: Element, namespace: string, localName: string): Element {
  const found = childElements(parent, namespace, localName);
  if (found.length !== 1) throw new Error(`${parent.localName} needs exactly one ${localName}, found ${found.length}`);
  return found[0]!;
}

function algorithmIs(element: Element, expected: string): void {
  const actual = element.getAttribute('Algorithm');
  if (actual !== expected) throw new Error(`${element.localName} ${String(actual)} is not ${expected}`);
}

function checkCounts(root: Element): void {
  for (const [localName, expected] of Object.entries(expectedCounts)) {
    const actual = findElements(root, (element) => element.localName === localName).length;
    if (actual !== expected) throw new Error(`the EncryptedData holds ${actual} ${localName} elements; ${expected} expected`);
  }
}

function checkKeyTransport(encryptedKey: Element): void {
  const method = one(encryptedKey, XMLENC_NS, 'EncryptionMethod');
  algorithmIs(method, encryptionSuite.keyTransport);
  algorithmIs(one(method, DSIG_NS, 'DigestMethod'), encryptionSuite.oaepDigest);
  algorithmIs(one(method, XMLENC11_NS, 'MGF'), encryptionSuite.mgf);
  one(one(encryptedKey, XMLENC_NS, 'CipherData'), XMLENC_NS, 'CipherValue');
}

/** Throws unless `encryptedData` is an xenc:EncryptedData of the lab's one suite. */
export function checkEncryptedDataShape(encryptedData: Element): void {
  if (encryptedData.namespaceURI !== XMLENC_NS || encryptedData.localName !== 'EncryptedData') throw new Error('the element is not xenc:EncryptedData');
  if (encryptedData.getAttribute('Type') !== encryptionSuite.elementType) throw new Error('the EncryptedData Type is not Element');
  checkCounts(encryptedData);
  algorithmIs(one(encryptedData, XMLENC_NS, 'EncryptionMethod'), encryptionSuite.content);
  checkKeyTransport(one(one(encryptedData, DSIG_NS, 'KeyInfo'), XMLENC_NS, 'EncryptedKey'));
  one(one(encryptedData, XMLENC_NS, 'CipherData'), XMLENC_NS, 'CipherValue');
}
