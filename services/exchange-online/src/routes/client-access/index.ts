import type { FastifyInstance } from 'fastify';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';
import { registerAutodiscover } from '../autodiscover/autodiscover-xml.ts';
import { registerAutodiscoverSvc, type AutodiscoverSvcDependencies } from '../autodiscover/autodiscover-svc.ts';
import { registerEws } from '../ews/exchange-asmx.ts';
import { registerEwsWsSecurity } from '../ews/exchange-asmx-wssecurity.ts';
import { registerActiveSync, wbxmlContentType } from '../microsoft-server-activesync.ts';

/**
 * EWS, ActiveSync and Autodiscover (POX, SOAP, the auth metadata) in their own fastify scope: their bodies (SOAP
 * and POX as text, WBXML as bytes) are parsed only here, after the caller has
 * authenticated (each route's onRequest hook), and each has its own error handler.
 */
const maxXmlBytes = 256 * 1024;
const maxWbxmlBytes = 64 * 1024;

export async function registerClientAccess(app: FastifyInstance, deps: ClientAccessDependencies, svc: AutodiscoverSvcDependencies): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: maxXmlBytes }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser(wbxmlContentType, { parseAs: 'buffer', bodyLimit: maxWbxmlBytes }, (_request, body, done) => done(null, body));
    registerEws(scope, deps);
    registerEwsWsSecurity(scope, deps);
    registerActiveSync(scope, deps);
    registerAutodiscover(scope, deps);
    registerAutodiscoverSvc(scope, deps, svc);
  });
}
