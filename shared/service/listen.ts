import { createServer as createHttpsServer, type Server } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { Listener } from '../config/service-config.ts';
import type { TlsIdentity } from './tls-identity.ts';

/**
 * Binds an app on every HTTPS listener of its configuration. Locally a container has
 * one loopback address per leg, so one app may serve several sockets; in Docker it is
 * one socket on 0.0.0.0. Each socket speaks TLS with the container's lab certificate.
 */
export async function listenHttps(app: FastifyInstance, listeners: readonly Listener[], tls: TlsIdentity, requestClientCertificate = false): Promise<Server[]> {
  await app.ready();
  const servers: Server[] = [];
  for (const listener of listeners.filter((entry) => entry.kind === 'https')) {
    // A requested client certificate is verified against the lab CA, but a missing or bad one does
    // not end the handshake: the service decides (socket.authorized, the peer's fingerprint).
    const clientCertificate = requestClientCertificate ? { requestCert: true, rejectUnauthorized: false, ca: [tls.ca] } : {};
    const server = createHttpsServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2', ...clientCertificate }, app.routing);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listener.port, listener.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    servers.push(server);
  }
  return servers;
}

/** Stops accepting, lets in-flight requests finish, then closes the app. */
export async function closeServers(servers: readonly { close(callback: (error?: Error) => void): unknown; closeIdleConnections?(): void }[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections?.();
        }),
    ),
  );
}
