import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { KeyPair } from './issue.ts';

/**
 * A signer's parsed forms, made once per key pair. Parsing a PEM private key costs as much
 * as the RSA signature itself (scripts/bench-federation.ts measured 1,730 signatures/s from
 * PEM against 3,870/s from a KeyObject), so signers keep the parsed key.
 */
export interface PreparedKeyPair {
  readonly privateKey: KeyObject;
  /** The certificate's DER, base64 without line breaks (KeyInfo, x5c). */
  readonly certificateBase64: string;
}

const prepared = new Map<string, PreparedKeyPair>();

export function prepareKeyPair(pair: KeyPair): PreparedKeyPair {
  const cacheKey = pair.certPem + pair.keyPem;
  let entry = prepared.get(cacheKey);
  if (!entry) {
    entry = { privateKey: createPrivateKey(pair.keyPem), certificateBase64: new X509Certificate(pair.certPem).raw.toString('base64') };
    prepared.set(cacheKey, entry);
  }
  return entry;
}
