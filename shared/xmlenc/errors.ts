import { LabError } from '../errors/lab-error.ts';

/**
 * The single answer to every decryption failure (security.md, "XML-Enc oracles"; the
 * Bleichenbacher / Jager–Somorovsky attacks need two distinguishable answers). A wrong
 * algorithm, a missing element, a key that does not unwrap, a GCM tag that fails and a
 * plaintext that is not one XML element all become this same error, with the same code,
 * status and message; the cause is kept for the log only and never rendered.
 */
export const XMLENC_DECRYPT_FAILED = 'XMLENC_DECRYPT_FAILED';
export const xmlencDecryptMessage = 'the encrypted data could not be decrypted';

export function xmlencDecryptError(cause: unknown): LabError {
  return new LabError({ code: XMLENC_DECRYPT_FAILED, statusCode: 401, message: xmlencDecryptMessage, wireCode: 'FailedCheck', cause });
}
