import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Resolver } from '../../../../shared/http/resolver.ts';
import { networkOfAddress } from '../../../../shared/topology/index.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import { decide, type RuleSet } from './rules.ts';

/**
 * The forward proxy corp uses to reach the internet (`proxy.contoso.test:8080`):
 * HTTP CONNECT only (RFC 9110 §9.3.6), names resolved in the internet's view, every
 * tunnel decided by the rule set and logged. TLS stays end to end between the corp
 * client and the cloud service.
 */
export interface ForwardProxyOptions {
  readonly context: ServiceContext;
  readonly ruleSet: RuleSet;
  /** The internet's DNS view: the edge's outbound leg. */
  readonly internet: Resolver;
}

const authorityPattern = /^([a-z0-9.-]+):(\d{1,5})$/i;

function refuse(socket: Socket, status: number, reason: string, detail: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${detail}\n`);
}

async function tunnel(options: ForwardProxyOptions, request: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
  const { context } = options;
  const correlationId = String(request.headers['client-request-id'] ?? `connect-${Date.now()}`);
  const match = authorityPattern.exec(request.url ?? '');
  if (!match) {
    refuse(client, 400, 'Bad Request', `edge proxy: CONNECT needs host:port, got "${request.url}"`);
    return;
  }
  const host = match[1]!.toLowerCase();
  const port = Number(match[2]);
  const decision = decide(options.ruleSet, { direction: 'outbound', host });
  const source = client.remoteAddress ?? 'unknown';
  context.trace.record('decision', correlationId, { direction: 'outbound', host, port, source, ...decision });
  context.logger.info({ decision: { direction: 'outbound', host, port, source, ...decision } }, `edge proxy ${decision.action} by ${decision.rule}`);
  if (decision.action === 'deny') {
    refuse(client, 403, 'Forbidden', `edge proxy: CONNECT ${host}:${port} denied by rule ${decision.rule}`);
    return;
  }
  const address = await options.internet.lookup(host);
  if (!address) {
    refuse(client, 502, 'Bad Gateway', `edge proxy: ${host} does not resolve on the internet`);
    return;
  }
  // The outbound proxy leads to the internet only, never back into perimeter or corp.
  if (networkOfAddress(address, context.config.plan) !== 'internet') {
    refuse(client, 403, 'Forbidden', `edge proxy: ${host} (${address}) is not on the internet network`);
    return;
  }
  const upstream = connect({ host: address, port });
  upstream.once('connect', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.once('error', (error) => {
    if (client.writable && !upstream.readableFlowing) refuse(client, 502, 'Bad Gateway', `edge proxy: cannot reach ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
    else client.destroy();
  });
  client.once('error', () => upstream.destroy());
}

export function createForwardProxy(options: ForwardProxyOptions): Server {
  const server = createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'CONNECT' });
    response.end('edge proxy: only CONNECT is supported; lab clients speak HTTPS end to end\n');
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    tunnel(options, request, client, head).catch((error: Error) => {
      options.context.logger.error({ err: error }, 'edge proxy tunnel failed');
      client.destroy();
    });
  });
  return server;
}
