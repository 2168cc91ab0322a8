import type { FastifyInstance } from 'fastify';
import { autodiscoverTarget } from '../../../../../shared/autodiscover/hybrid-users.ts';
import { PoxError, poxErrorResponse, readPoxRequest } from '../../../../../shared/autodiscover/pox.ts';
import { settingsResponse } from '../../../../../shared/autodiscover/pox-settings.ts';
import { renderError } from '../../../../../shared/errors/render.ts';
import { clientAccessUrls } from '../../config.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { authenticateHook } from '../client-access/authenticate-hook.ts';
import { onpremErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /autodiscover/autodiscover.xml` (POX, server-flows §3.1) on autodiscover.contoso.test
 * and mail.contoso.test, NTLM or Basic: the settings of a mailbox this Exchange hosts, or
 * `redirectAddr` to `<alias>@contoso.mail.onmicrosoft.test` for a user whose mailbox is
 * in the cloud (joe, sam). Any other address is ErrorCode 500.
 */
const paths = ['/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml'] as const;

export function registerAutodiscoverXml(app: FastifyInstance, deps: OnpremDependencies): void {
  const errorHandler = onpremErrorHandler((error, context) => {
    if (error.statusCode >= 500) return { statusCode: error.statusCode, ...renderError('text', error, { ...context, service: 'exchange-onprem' }) };
    return { statusCode: error.statusCode, contentType: 'text/xml; charset=utf-8', body: poxErrorResponse(new PoxError(600, `Invalid Request: ${error.message}`), context.correlationId, deps.now()) };
  });
  for (const url of paths) {
    app.post(url, { onRequest: authenticateHook(deps), errorHandler }, async (request, reply) => {
      reply.type('text/xml; charset=utf-8');
      try {
        if (typeof request.body !== 'string') throw new PoxError(600, 'Invalid Request: Autodiscover takes a text/xml request');
        const pox = readPoxRequest(request.body);
        const target = autodiscoverTarget(deps.mailboxes, deps.redirects, pox.emailAddress);
        if (!target) throw new PoxError(500, `The e-mail address cannot be found: no mailbox or remote mailbox in ${deps.settings.organization} for ${pox.emailAddress.slice(0, 256)}`);
        return reply.send(settingsResponse(pox.responseSchema, target, clientAccessUrls(deps.settings)));
      } catch (error) {
        if (!(error instanceof PoxError)) throw error;
        return reply.send(poxErrorResponse(error, request.id, deps.now()));
      }
    });
  }
}
