import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';

/**
 * The proxy trust of [MS-ADFSPIP]: AD FS believes the proxy headers (`X-MS-Proxy`,
 * `X-MS-Forwarded-Client-IP`) only from a Web Application Proxy that presents its
 * proxy-trust client certificate over TLS. Anyone else sending them is refused, so no
 * corporate client can pose as the extranet and no extranet client can pick its own IP.
 */
export type ProxyTrustCheck = (request: FastifyRequest) => void;

function refused(reason: string): LabError {
  return new LabError({ code: 'PROXY_TRUST_REFUSED', statusCode: 403, message: `MSIS7012: proxy headers refused: ${reason}`, hop: 'wap → adfs (proxy trust)' });
}

export function certificateProxyTrust(proxyTrustCertificatePem: string): ProxyTrustCheck {
  const expected = new X509Certificate(proxyTrustCertificatePem).fingerprint256;
  return (request) => {
    const socket = request.raw.socket as TLSSocket;
    if (typeof socket.getPeerX509Certificate !== 'function') throw refused('the request did not arrive over TLS');
    const peer = socket.getPeerX509Certificate();
    if (!peer) throw refused('the proxy presented no client certificate');
    if (!socket.authorized) throw refused(`the proxy's certificate is not trusted (${String(socket.authorizationError)})`);
    if (peer.fingerprint256 !== expected) throw refused(`the certificate ${peer.subject.replace(/\n/g, ', ')} is not the proxy-trust certificate`);
  };
}

/** The client's address as the trusted proxy reports it, for the request-context claims. */
export function forwardedClientIp(request: FastifyRequest): string | undefined {
  const value = request.headers['x-ms-forwarded-client-ip'];
  return typeof value === 'string' ? value : undefined;
}
