import type { FastifyInstance } from 'fastify';
import { processDelegationTokenRequest } from '../../../../shared/dauth/index.ts';
import { gatewayEndpoint } from '../domain/federation-gateway/gateway-keys.ts';
import type { AzureAuthRuntime } from '../domain/runtime.ts';
import { hostConstraints } from './hosts.ts';

/** A signed, encrypted RST is a few KiB; the safe parser caps bodies at 256 KiB anyway. */
const maxEnvelopeBytes = 256 * 1024;

/**
 * `POST /extSTS.srf` on nexus: the federation gateway's delegation-token endpoint
 * (server-flows §2.3; [MS-OXWSLVID] §3.3.4.1.1). SOAP 1.2 in and out; every refusal is a
 * SOAP 1.2 fault naming why (shared/dauth/errors.ts). The content-type parser lives in
 * this plugin's own scope, so other SOAP routes of azure-auth may register theirs.
 */
export function registerExtSts(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/soap+xml', { parseAs: 'string', bodyLimit: maxEnvelopeBytes }, (_request, body, done) => done(null, body));
    scope.post('/extSTS.srf', { constraints: { host: hostConstraints.nexus }, config: { errorFormat: 'soap12' as const } }, async (request, reply) => {
      const xml = typeof request.body === 'string' ? request.body : '';
      const answer = await processDelegationTokenRequest(xml, { gateway: runtime.gatewayKeys, endpoint: gatewayEndpoint, directory: runtime.federationGateway, now: runtime.config.clock() });
      request.log.info({ requester: answer.requester.name, target: answer.target.applicationUri, offer: answer.offer, assertionId: answer.assertionId }, 'delegation token issued');
      return reply.type('application/soap+xml; charset=utf-8').send(answer.rstr);
    });
  });
}
