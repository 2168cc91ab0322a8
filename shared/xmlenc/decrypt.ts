import type { Element } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';
import { parseXml } from '../xml/safe-parse.ts';
import { xmlencDecryptError } from './errors.ts';
import { checkEncryptedDataShape } from './policy.ts';

/**
 * Decrypts one `xenc:EncryptedData` with `privateKeyPem` and returns the plaintext element
 * as text. Every failure — another suite (CBC, RSA 1.5, OAEP with SHA-1), a malformed
 * structure, a key wrapped for someone else, a changed ciphertext or tag, a plaintext that
 * is not exactly one well-formed element — throws the one XMLENC_DECRYPT_FAILED error of
 * errors.ts (security.md, "XML-Enc oracles"). The cause is attached for the log.
 *
 * The element is serialized and parsed again on its own, with the lab's hardened parser,
 * so the library sees exactly the subtree policy.ts checked and nothing around it.
 */
export function decryptElement(encryptedData: Element | string, privateKeyPem: string): string {
  try {
    const text = typeof encryptedData === 'string' ? encryptedData : new XMLSerializer().serializeToString(encryptedData);
    const standalone = parseXml(text);
    checkEncryptedDataShape(standalone.documentElement!);
    const plaintext = decryptWithLibrary(standalone, privateKeyPem);
    // The plaintext must itself be one element (Type Element), parsed with the same hardening.
    parseXml(plaintext);
    return plaintext;
  } catch (error) {
    throw xmlencDecryptError(error);
  }
}

function decryptWithLibrary(document: object, privateKeyPem: string): string {
  let outcome: { error: Error | null; result?: string | undefined } | undefined;
  decrypt(document, { key: privateKeyPem, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false }, (error, result) => {
    outcome ??= { error, result };
  });
  if (!outcome) throw new Error('xml-encryption did not answer synchronously');
  if (outcome.error || outcome.result === undefined) throw outcome.error ?? new Error('xml-encryption returned nothing');
  return outcome.result;
}
