import type { FastifyInstance } from 'fastify';
import { mexDocument } from '../../../../domain/mex/mex-wsdl.ts';
import { isProxied } from '../../../../domain/request-context.ts';
import type { AdfsRuntime } from '../../../../domain/runtime.ts';

/** `GET /adfs/services/trust/mex`: the WS-MEX WSDL ADAL and MSAL read (client-flows §1.7). */
export function registerMex(app: FastifyInstance, runtime: AdfsRuntime): void {
  app.get('/adfs/services/trust/mex', async (request, reply) => {
    const document = mexDocument({ federationServiceName: runtime.config.federationServiceName, insideCorporateNetwork: !isProxied(request) });
    return reply.type('text/xml; charset=utf-8').send(document);
  });
}
