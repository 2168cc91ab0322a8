import { createHash } from 'node:crypto';

/**
 * Channel binding for NTLM over TLS (Extended Protection; [MS-NLMP] §2.2.2.1
 * MsvAvChannelBindings): the MD5 of a gss_channel_bindings_struct ([RFC 2744] §3.11)
 * with no addresses and, as application data, RFC 5929's `tls-server-end-point:`
 * followed by the hash of the server's certificate. A client that authenticated
 * through a different TLS endpoint (a relay) signs a different value.
 */

/**
 * RFC 5929 §4.1: the certificate hashed with its signature's hash, SHA-256 when that is
 * MD5 or SHA-1. Every lab certificate is signed with SHA-256 (shared/pki/issue.ts), so
 * SHA-256 is the one case needed.
 */
export function tlsServerEndPoint(certificateDer: Buffer): Buffer {
  return Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), createHash('sha256').update(certificateDer).digest()]);
}

/** The 16-byte MsvAvChannelBindings value for this application data. */
export function channelBindingsHash(applicationData: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(applicationData.length);
  // initiator_addrtype, initiator_address (empty), acceptor_addrtype, acceptor_address (empty).
  return createHash('md5').update(Buffer.concat([Buffer.alloc(16), length, applicationData])).digest();
}

/** A client without bindings sends 16 zero bytes or leaves the pair out. */
export function isUnbound(hash: Buffer | undefined): boolean {
  return hash === undefined || hash.every((byte) => byte === 0);
}

/**
 * The MsvAvChannelBindings value of the TLS connection a server accepted on `socket`:
 * RFC 5929 tls-server-end-point of the server's own certificate. Undefined off TLS.
 */
export function channelBindingsOfSocket(socket: object): Buffer | undefined {
  const tls = socket as { getCertificate?: () => object | null };
  const certificate = typeof tls.getCertificate === 'function' ? tls.getCertificate() : null;
  const raw: unknown = certificate && 'raw' in certificate ? certificate.raw : undefined;
  return Buffer.isBuffer(raw) ? channelBindingsHash(tlsServerEndPoint(raw)) : undefined;
}
