import { md4 } from 'hash-wasm';

/**
 * The NT hash Active Directory keeps for a password: MD4 over its UTF-16LE bytes
 * ([MS-NLMP] §3.3.1 NTOWFv1). OpenSSL 3 no longer ships MD4 in its default provider,
 * so the hash comes from hash-wasm, a maintained WebAssembly hash library.
 */
export async function ntHash(password: string): Promise<Buffer> {
  return Buffer.from(await md4(Buffer.from(password, 'utf16le')), 'hex');
}
