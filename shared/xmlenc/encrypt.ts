import { X509Certificate } from 'node:crypto';
import { encrypt } from 'xml-encryption';
import { encryptionSuite } from './algorithms.ts';

/**
 * Encrypts one XML element to the holder of `recipientCertPem` (XML-Enc 1.1 §3.1): a fresh
 * AES-256-GCM key and 96-bit IV for the element, the key wrapped with RSA-OAEP (SHA-256)
 * to the certificate's public key, which KeyInfo names by its X509Certificate. Returns the
 * `xenc:EncryptedData` text (Type Element) that replaces the element.
 *
 * npm `xml-encryption` (auth0) does the cryptography: it is maintained, defaults to refusing
 * CBC and RSA 1.5, and implements XML-Enc 1.1's OAEP parameters; the lab pins its options.
 */
export async function encryptElement(elementXml: string, recipientCertPem: string): Promise<string> {
  const publicKey = new X509Certificate(recipientCertPem).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return new Promise((resolve, reject) => {
    encrypt(
      elementXml,
      {
        rsa_pub: publicKey,
        pem: recipientCertPem,
        encryptionAlgorithm: encryptionSuite.content,
        keyEncryptionAlgorithm: encryptionSuite.keyTransport,
        keyEncryptionDigest: 'sha256',
        keyEncryptionMgf: 'sha256',
        disallowEncryptionWithInsecureAlgorithm: true,
        warnInsecureAlgorithm: false,
      },
      (error, result) => {
        if (error || result === undefined) reject(error ?? new Error('xml-encryption returned nothing'));
        // The library's template indents with newlines; the lab's documents carry no whitespace between elements.
        else resolve(result.replace(/>\s+</g, '><').trim());
      },
    );
  });
}
