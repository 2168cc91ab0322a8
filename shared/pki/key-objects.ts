import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
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
  /** base64url SHA-1 of the DER: the JWT header's `x5t`. */
  readonly x5t: string;
}

const prepared = new Map<string, PreparedKeyPair>();
const preparedByPair = new WeakMap<KeyPair, PreparedKeyPair>();

export function prepareKeyPair(pair: KeyPair): PreparedKeyPair {
  const known = preparedByPair.get(pair);
  if (known) return known;
  const cacheKey = pair.certPem + pair.keyPem;
  let entry = prepared.get(cacheKey);
  if (!entry) {
    const der = new X509Certificate(pair.certPem).raw;
    entry = { privateKey: createPrivateKey(pair.keyPem), certificateBase64: der.toString('base64'), x5t: createHash('sha1').update(der).digest('base64url') };
    prepared.set(cacheKey, entry);
  }
  preparedByPair.set(pair, entry);
  return entry;
}

const publicKeys = new Map<string, KeyObject>();
const maxPublicKeys = 256;

/** A certificate's public key, parsed once per PEM (a verifier checks the same registered certificates again and again). */
export function publicKeyOfCertificate(certPem: string): KeyObject {
  let key = publicKeys.get(certPem);
  if (!key) {
    key = createPublicKey(certPem);
    if (publicKeys.size >= maxPublicKeys) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(certPem, key);
  }
  return key;
}
