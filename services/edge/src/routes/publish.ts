import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, type Dispatcher } from 'undici';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { connectTls } from '../../../../shared/http/connector.ts';
import { relay } from '../../../../shared/http/reverse-proxy.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import { addressOf, networkOfAddress, publications, type Publication } from '../../../../shared/topology/index.ts';
import { decide, type RuleSet } from '../domain/rules.ts';

/**
 * Publishing (design §1, §5): a request for a published name is decided by the rule
 * set, then re-encrypted to the backend's fixed address with the published name as
 * SNI and verified against the lab CA — TMG's "bridging" publishing rule.
 */

function backendDispatcher(context: ServiceContext, publication: Publication): Dispatcher {
  const address = addressOf(publication.backend, publication.backendNetwork, context.config.plan);
  return new Agent({
    connections: 32,
    connect: (options, callback) => {
      connectTls(context.vantage, { ca: context.tls.ca }, options.hostname, Number(options.port) || 443, { kind: 'direct', address }).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, null),
      );
    },
  });
}

export function registerPublishing(app: FastifyInstance, context: ServiceContext, ruleSet: RuleSet): void {
  const byHost = new Map(publications.map((publication) => [publication.host, { publication, dispatcher: backendDispatcher(context, publication) }]));
  app.addHook('onClose', async () => {
    await Promise.all([...byHost.values()].map((entry) => entry.dispatcher.close()));
  });

  // onRequest runs before the body is read, so the raw request streams straight to the backend.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = request.hostname.split(':')[0]!.toLowerCase();
    const published = byHost.get(host);
    if (!published) return;
    const path = request.url.split('?')[0] ?? '/';
    const decision = decide(ruleSet, { direction: 'inbound', host, path });
    if (decision.rule === '(malformed path)') {
      throw new LabError({ code: 'EDGE_BAD_PATH', statusCode: 400, message: `the edge cannot decode the path of ${request.method} https://${host}${path}`, hop: 'internet → edge' });
    }
    const arrivedOn = networkOfAddress(request.socket.localAddress ?? '', context.config.plan) ?? 'unknown';
    context.trace.record('decision', request.id, { direction: 'inbound', host, path, method: request.method, source: request.ip, arrivedOn, ...decision });
    request.log.info({ decision: { direction: 'inbound', host, path, source: request.ip, ...decision } }, `edge ${decision.action} by ${decision.rule}`);
    const hop = `edge → ${published.publication.backend}`;
    if (decision.action === 'deny') {
      throw new LabError({ code: 'EDGE_DENIED', statusCode: 403, message: `the edge denied ${request.method} https://${host}${path} by rule ${decision.rule}`, hop: `internet → edge` });
    }
    return relay(request, reply, {
      url: `https://${host}${request.url}`,
      dispatcher: published.dispatcher,
      via: 'edge',
      headers: { 'x-forwarded-for': request.ip, 'x-forwarded-proto': 'https', 'x-forwarded-host': host },
      hop,
      vantage: context.vantage,
    });
  });
}
