import type { FastifyInstance } from 'fastify';
import { passwordRequestContext } from '../../../../domain/request-context.ts';
import type { AdfsRuntime } from '../../../../domain/runtime.ts';
import { issueToken } from '../../../../domain/ws-trust/issue-token.ts';
import { soapContentType } from '../../../../domain/ws-trust/namespaces.ts';
import { wsTrustVersions } from '../../../../domain/ws-trust/versions.ts';
import { wsTrustErrorHandler } from '../../../ws-trust-errors.ts';

/** The bodies usernamemixed reads: SOAP 1.2 (client-flows §1.6), capped where the safe parser caps them. */
const maxEnvelopeBytes = 256 * 1024;

/** `POST /adfs/services/trust/{2005,13}/usernamemixed`: one route per WS-Trust version, from the version map. */
export function registerUsernameMixed(app: FastifyInstance, runtime: AdfsRuntime): void {
  app.addContentTypeParser('application/soap+xml', { parseAs: 'string', bodyLimit: maxEnvelopeBytes }, (_request, body, done) => done(null, body));
  for (const version of Object.values(wsTrustVersions)) {
    app.post(version.usernameMixedPath, { errorHandler: wsTrustErrorHandler('adfs') }, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const envelope = await issueToken(runtime, version, body, passwordRequestContext(request));
      return reply.type(soapContentType).send(envelope);
    });
  }
}
