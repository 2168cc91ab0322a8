/**
 * The one XML Encryption suite the lab writes and reads (security.md, "XML-Enc oracles":
 * AES-GCM with RSA-OAEP only). Content: AES-256-GCM (XML-Enc 1.1 §5.2.4), whose tag makes
 * any change to the ciphertext a failure rather than a padding answer. Key transport:
 * RSA-OAEP (XML-Enc 1.1 §5.5.2, `xmlenc11#rsa-oaep`) with SHA-256 as both the OAEP digest
 * and MGF1's hash, rather than `rsa-oaep-mgf1p`, whose MGF1 is fixed to SHA-1.
 */
export const XMLENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
export const XMLENC11_NS = 'http://www.w3.org/2009/xmlenc11#';

export const encryptionSuite = {
  /** EncryptedData/EncryptionMethod/@Algorithm. */
  content: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  /** EncryptedKey/EncryptionMethod/@Algorithm. */
  keyTransport: 'http://www.w3.org/2009/xmlenc11#rsa-oaep',
  /** EncryptedKey/EncryptionMethod/ds:DigestMethod/@Algorithm: the OAEP digest. */
  oaepDigest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  /** EncryptedKey/EncryptionMethod/xenc11:MGF/@Algorithm. */
  mgf: 'http://www.w3.org/2009/xmlenc11#mgf1sha256',
  /** EncryptedData/@Type: the plaintext is one XML element. */
  elementType: 'http://www.w3.org/2001/04/xmlenc#Element',
} as const;
