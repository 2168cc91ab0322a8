import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-config.ts';
import type { ErrorFormat } from '../errors/render.ts';
import type { LabHttpClient } from '../http/client.ts';
import type { Vantage } from '../http/route.ts';
import type { ContainerName } from '../topology/index.ts';
import type { TlsIdentity } from './tls-identity.ts';
import type { TraceLog } from './trace.ts';

/** What a service gets at start-up: its validated config and the shared machinery. */
export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly tls: TlsIdentity;
  readonly vantage: Vantage;
  /** The outbound client: lab CA only, this service's DNS view and egress. */
  readonly http: LabHttpClient;
  readonly trace: TraceLog;
}

/** Something to close on shutdown (an extra listener, a database). */
export interface Closable {
  close(): Promise<void>;
}

/**
 * A service of the lab, in the same shape for all of them (style.md §1): its
 * container, its default error format, its routes, and optionally its state view
 * and extra listeners (the edge's forward proxy).
 */
export interface ServiceDefinition {
  readonly container: ContainerName;
  readonly errorFormat: ErrorFormat;
  /** Ask TLS clients for a certificate (AD FS, for the WAP's proxy trust); it is checked by the service, not the handshake. */
  readonly requestClientCertificate?: boolean;
  register(app: FastifyInstance, context: ServiceContext): Promise<void> | void;
  state?(context: ServiceContext): unknown;
  startExtra?(context: ServiceContext): Promise<Closable[]>;
}
