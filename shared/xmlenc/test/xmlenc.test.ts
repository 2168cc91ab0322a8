import assert from 'node:assert/strict';
import { createCipheriv, publicEncrypt, constants, randomBytes, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { issueCertificate } from '../../pki/index.ts';
import { decryptElement, encryptElement, XMLENC_DECRYPT_FAILED } from '../index.ts';

/** Generated per run: the recipient and someone else. */
const recipient = issueCertificate({ commonName: 'Federation - recipient.test', usage: 'encryption', validDays: 30 });
const stranger = issueCertificate({ commonName: 'Federation - stranger.test', usage: 'encryption', validDays: 30 });
const plaintext = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" AssertionID="_a">mary@contoso.test</saml:Assertion>';

/** The decryption failure, rendered as everything a caller could observe of it. */
function observed(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof LabError);
    return JSON.stringify({ code: error.code, status: error.statusCode, message: error.message, wire: error.wireCode, expose: error.expose });
  }
  assert.fail('decryption succeeded');
}

const cipherValues = (xml: string): string[] => [...xml.matchAll(/<xenc:CipherValue>([^<]+)<\/xenc:CipherValue>|<e:CipherValue>([^<]+)<\/e:CipherValue>/g)].map((match) => match[1] ?? match[2]!);

/** Flips one bit of the content ciphertext (the last CipherValue: EncryptedData's own, after the KeyInfo). */
function tampered(xml: string): string {
  const content = cipherValues(xml).at(-1)!;
  const bytes = Buffer.from(content, 'base64');
  bytes[20]! ^= 0x01;
  return xml.replace(content, bytes.toString('base64'));
}

/** An EncryptedData in AES-256-CBC, hand-built: the padding-oracle suite the lab refuses. */
function cbcEncryptedData(xml: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([iv, cipher.update(plaintext), cipher.final()]).toString('base64');
  const wrapped = publicEncrypt({ key: new X509Certificate(recipient.certPem).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key).toString('base64');
  const [wrappedKey, content] = cipherValues(xml) as [string, string];
  return xml.replace('xmlenc11#aes256-gcm', 'xmlenc#aes256-cbc').replace(wrappedKey, wrapped).replace(content, body);
}

describe('XML Encryption: AES-256-GCM with RSA-OAEP only', () => {
  it('round-trips an element to the recipient, with nothing of the plaintext readable', async () => {
    const encrypted = await encryptElement(plaintext, recipient.certPem);
    assert.match(encrypted, /^<xenc:EncryptedData /);
    assert.doesNotMatch(encrypted, /mary@contoso\.test/);
    assert.match(encrypted, /xmlenc11#aes256-gcm/);
    assert.match(encrypted, /xmlenc11#rsa-oaep/);
    assert.equal(decryptElement(encrypted, recipient.keyPem), plaintext);
  });

  it('refuses data encrypted to another key with the single decrypt error', async () => {
    const encrypted = await encryptElement(plaintext, stranger.certPem);
    assert.throws(() => decryptElement(encrypted, recipient.keyPem), (error: unknown) => error instanceof LabError && error.code === XMLENC_DECRYPT_FAILED);
  });

  it('refuses AES-CBC content even when the key unwraps', async () => {
    const cbc = cbcEncryptedData(await encryptElement(plaintext, recipient.certPem));
    assert.throws(() => decryptElement(cbc, recipient.keyPem), (error: unknown) => error instanceof LabError && error.code === XMLENC_DECRYPT_FAILED);
  });

  it('refuses RSA-OAEP with the SHA-1 mgf1p identifier and a second EncryptedKey', async () => {
    const encrypted = await encryptElement(plaintext, recipient.certPem);
    assert.throws(() => decryptElement(encrypted.replace('xmlenc11#rsa-oaep', 'xmlenc#rsa-oaep-mgf1p'), recipient.keyPem));
    const keyInfo = /<KeyInfo xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">(.*)<\/KeyInfo><xenc:CipherData>/.exec(encrypted)![1]!;
    assert.throws(() => decryptElement(encrypted.replace(keyInfo, keyInfo + keyInfo), recipient.keyPem));
  });

  it('gives byte-identical errors for every kind of failure (no oracle)', async () => {
    const encrypted = await encryptElement(plaintext, recipient.certPem);
    const failures = [
      observed(() => decryptElement(tampered(encrypted), recipient.keyPem)),
      observed(() => decryptElement(encrypted, stranger.keyPem)),
      observed(() => decryptElement(cbcEncryptedData(encrypted), recipient.keyPem)),
      observed(() => decryptElement(encrypted.replace('xmlenc11#rsa-oaep', 'xmlenc#rsa-1_5'), recipient.keyPem)),
      observed(() => decryptElement('<not-xml', recipient.keyPem)),
      observed(() => decryptElement(encrypted.replace(cipherValues(encrypted)[0]!, 'AAAA'), recipient.keyPem)),
    ];
    assert.equal(new Set(failures).size, 1, failures.join('\n'));
  });
});
