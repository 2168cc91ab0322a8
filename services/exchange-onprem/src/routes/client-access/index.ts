import type { FastifyInstance } from 'fastify';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { registerAutodiscoverSvc } from '../autodiscover/autodiscover-svc.ts';
import { registerAutodiscoverXml } from '../autodiscover/autodiscover-xml.ts';
import { registerEws } from '../ews/exchange-asmx.ts';

/** EWS and Autodiscover in their own fastify scope: SOAP and POX bodies are parsed as text here only, up to 256 KiB. */
const maxXmlBytes = 256 * 1024;

export async function registerClientAccess(app: FastifyInstance, deps: OnpremDependencies): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string', bodyLimit: maxXmlBytes }, (_request, body, done) => done(null, body));
    registerEws(scope, deps);
    registerAutodiscoverXml(scope, deps);
    registerAutodiscoverSvc(scope, deps);
  });
}
