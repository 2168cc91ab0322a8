/**
 * The part of npm `xml-encryption` (auth0, 6.x) the lab calls; the package ships no types.
 * Both functions report through a Node-style callback (decrypt calls it synchronously).
 */
declare module 'xml-encryption' {
  export interface EncryptOptions {
    readonly rsa_pub: string;
    readonly pem: string;
    readonly encryptionAlgorithm: string;
    readonly keyEncryptionAlgorithm: string;
    readonly keyEncryptionDigest?: 'sha1' | 'sha256' | 'sha512';
    readonly keyEncryptionMgf?: string;
    readonly disallowEncryptionWithInsecureAlgorithm?: boolean;
    readonly warnInsecureAlgorithm?: boolean;
  }
  export interface DecryptOptions {
    readonly key: string;
    readonly disallowDecryptionWithInsecureAlgorithm?: boolean;
    readonly warnInsecureAlgorithm?: boolean;
  }
  export function encrypt(content: string, options: EncryptOptions, callback: (error: Error | null, result?: string) => void): void;
  export function decrypt(xml: string | object, options: DecryptOptions, callback: (error: Error | null, result?: string) => void): void;
}
