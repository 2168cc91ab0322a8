import { finished, type Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, type Dispatcher } from 'undici';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { connectTls } from '../../../../shared/http/connector.ts';
import { relay } from '../../../../shared/http/reverse-proxy.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import { addressOf, networkOfAddress, publications, type Publication } from '../../../../shared/topology/index.ts';
import { bodyTap, isTextual } from '../domain/body-tap.ts';
import type { CaptureMeta, EdgeCapture } from '../domain/capture.ts';
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

/**
 * Keeps the request in the capture (LAB_EDGE_CAPTURE). A body that goes on to the backend
 * is copied on its way through a tap, which the relay sends instead of the raw request;
 * the entry is recorded when the body has passed.
 */
function captureRequest(request: FastifyRequest, capture: EdgeCapture, meta: CaptureMeta, bodyGoesOn: boolean): Transform | undefined {
  if (!bodyGoesOn) {
    capture.record(meta, request.headers, null);
    return undefined;
  }
  const tap = bodyTap({ limitBytes: capture.bodyLimitBytes, textual: isTextual(request.headers['content-type']), onDone: (body) => capture.record(meta, request.headers, body) });
  finished(request.raw, (error) => {
    if (error) tap.destroy(error);
  });
  request.raw.pipe(tap);
  return tap;
}

export function registerPublishing(app: FastifyInstance, context: ServiceContext, ruleSet: RuleSet, capture: EdgeCapture): void {
  const byHost = new Map(publications.map((publication) => [publication.host, { publication, dispatcher: backendDispatcher(context, publication) }]));
  app.addHook('onClose', async () => {
    await Promise.all([...byHost.values()].map((entry) => entry.dispatcher.close()));
  });

  // onRequest runs before the body is read, so the raw request streams straight to the backend (through the capture's tap when on).
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
    const bodyGoesOn = decision.action === 'allow' && request.method !== 'GET' && request.method !== 'HEAD';
    const query = request.url.slice(path.length);
    const tap = capture.wants(path) ? captureRequest(request, capture, { correlationId: request.id, source: request.ip, arrivedOn, host, method: request.method, path, query, decision }, bodyGoesOn) : undefined;
    if (decision.action === 'deny') {
      throw new LabError({ code: 'EDGE_DENIED', statusCode: 403, message: `the edge denied ${request.method} https://${host}${path} by rule ${decision.rule}`, hop: `internet → edge` });
    }
    try {
      return await relay(request, reply, {
        url: `https://${host}${request.url}`,
        dispatcher: published.dispatcher,
        via: 'edge',
        headers: { 'x-forwarded-for': request.ip, 'x-forwarded-proto': 'https', 'x-forwarded-host': host },
        hop,
        vantage: context.vantage,
        body: tap,
      });
    } catch (error) {
      // The relay failed: end the copy (incomplete if the body had not ended) and drain the rest, so the 502 goes out.
      if (tap) {
        request.raw.unpipe(tap);
        tap.destroy();
        request.raw.resume();
      }
      throw error;
    }
  });
}
