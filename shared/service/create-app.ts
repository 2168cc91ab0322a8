import { randomUUID } from 'node:crypto';
import fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-config.ts';
import { LabError, notFound } from '../errors/lab-error.ts';
import { renderError, type ErrorFormat } from '../errors/render.ts';
import { containers } from '../topology/index.ts';
import { describeCertificate, type TlsIdentity } from './tls-identity.ts';
import { TraceLog } from './trace.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The wire format errors of this route are rendered in; the service default otherwise. */
    errorFormat?: ErrorFormat;
  }
}

export interface ServiceAppOptions {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly tls: TlsIdentity;
  /** How this service's errors look on the wire when a route says nothing else. */
  readonly errorFormat: ErrorFormat;
  /** Service-specific, read-only state shown at `/_lab/state`. */
  readonly state?: () => unknown;
  readonly trace?: TraceLog;
}

const correlationIdPattern = /^[A-Za-z0-9._-]{1,128}$/;
const bodyLimitBytes = 1024 * 1024;

/** The caller's `client-request-id` when it is sane, else a new one: one id follows a flow across hops. */
function correlationIdOf(headers: Record<string, string | string[] | undefined>): string {
  const offered = headers['client-request-id'];
  return typeof offered === 'string' && correlationIdPattern.test(offered) ? offered : randomUUID();
}

/** Any error thrown in a route becomes a LabError; fastify's own (bad JSON, body too large) keep their status. */
function toLabError(error: FastifyError | LabError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, '');
    return new LabError({ code, statusCode: status, message: error.message, cause: error });
  }
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

/**
 * Builds the fastify app every service shares (style.md §1): correlation ids,
 * one error handler rendering LabError in the service's wire format, its own 404,
 * `/_lab/health` for compose health checks and `/_lab/state` (read-only).
 * The app does not listen: `listen.ts` binds it; tests use `inject`.
 */
export function createServiceApp(options: ServiceAppOptions): FastifyInstance {
  const { config, logger } = options;
  const trace = options.trace ?? new TraceLog();
  const startedAt = new Date();
  const app = fastify({
    // pino's Logger is a FastifyBaseLogger; naming the wider type keeps the app type the default one.
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: (request) => correlationIdOf(request.headers),
    bodyLimit: bodyLimitBytes,
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('client-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/_lab/')) return;
    trace.record('request', request.id, { method: request.method, host: request.hostname, path: request.url.split('?')[0], status: reply.statusCode });
  });

  app.setErrorHandler((error: FastifyError | LabError, request: FastifyRequest, reply: FastifyReply) => {
    const labError = toLabError(error);
    const errorId = randomUUID();
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code }, labError.message);
    else request.log.info({ code: labError.code, hop: labError.hop }, labError.message);
    const format = request.routeOptions.config?.errorFormat ?? options.errorFormat;
    const rendered = renderError(format, labError, { correlationId: request.id, errorId, service: config.container });
    if (labError.challenges.length) reply.header('www-authenticate', [...labError.challenges]);
    return reply.code(labError.statusCode).type(rendered.contentType).send(rendered.body);
  });
  app.setNotFoundHandler(async (request) => {
    throw notFound(request.method, request.url.split('?')[0] ?? '/');
  });

  // Health checks come every few seconds; their request lines would drown the log.
  app.get('/_lab/health', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('x-lab-container', config.container);
    return { status: 'ok', container: config.container, role: containers[config.container].role, uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000) };
  });
  app.get('/_lab/state', async () => ({
    container: config.container,
    role: containers[config.container].role,
    startedAt: startedAt.toISOString(),
    addressPlan: config.plan.name,
    resolver: config.resolver,
    listeners: config.listeners,
    certificate: describeCertificate(options.tls.certPem),
    state: options.state?.() ?? {},
    recent: trace.recent(),
  }));
  return app;
}
