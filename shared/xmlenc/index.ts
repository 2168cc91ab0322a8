export { encryptElement } from './encrypt.ts';
export { decryptElement } from './decrypt.ts';
export { encryptionSuite, XMLENC_NS, XMLENC11_NS } from './algorithms.ts';
export { XMLENC_DECRYPT_FAILED, xmlencDecryptMessage } from './errors.ts';
