import type { FastifyInstance } from 'fastify';
import { renderError } from '../../../../../shared/errors/render.ts';
import { autodiscoverTarget } from '../../../../../shared/autodiscover/hybrid-users.ts';
import { PoxError, poxErrorResponse, readPoxRequest } from '../../../../../shared/autodiscover/pox.ts';
import { settingsResponse } from '../../../../../shared/autodiscover/pox-settings.ts';
import { clientAccessUrls } from '../../config.ts';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';
import { authenticateHook, clientApplications, clientUserOf } from '../client-access/authenticate-hook.ts';
import { clientAccessErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /autodiscover/autodiscover.xml` (POX) on outlook.office365.test and
 * autodiscover-s.outlook.test, Basic or Bearer: the settings for a mailbox this Exchange
 * hosts — the signed-in user's own, or another's, as Exchange answers any authenticated
 * caller; `redirectAddr` to the on-premises address for a user whose mailbox is
 * on-premises (shared/autodiscover/hybrid-users.ts). Any other address is ErrorCode 500.
 */
export const autodiscoverPaths = ['/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml'] as const;

export function registerAutodiscover(app: FastifyInstance, deps: ClientAccessDependencies): void {
  // What fails before a POX request is read (a wrong media type, an oversized body) keeps its HTTP status; the body is POX 600.
  const errorHandler = clientAccessErrorHandler((error, context) => {
    if (error.statusCode >= 500) return { statusCode: error.statusCode, ...renderError('text', error, { ...context, service: 'exchange-online' }) };
    return { statusCode: error.statusCode, contentType: 'text/xml; charset=utf-8', body: poxErrorResponse(new PoxError(600, `Invalid Request: ${error.message}`), context.correlationId, deps.now()) };
  });
  for (const url of autodiscoverPaths) {
    app.post(url, { onRequest: authenticateHook(deps, clientApplications.autodiscover), errorHandler }, async (request, reply) => {
      clientUserOf(request);
      reply.type('text/xml; charset=utf-8');
      try {
        if (typeof request.body !== 'string') throw new PoxError(600, 'Invalid Request: Autodiscover takes a text/xml request');
        const pox = readPoxRequest(request.body);
        const target = autodiscoverTarget(deps.mailboxes, deps.redirects, pox.emailAddress);
        if (!target) throw new PoxError(500, `The e-mail address cannot be found: no mailbox in Exchange Online for ${pox.emailAddress.slice(0, 256)}`);
        return reply.send(settingsResponse(pox.responseSchema, target, clientAccessUrls(deps.settings)));
      } catch (error) {
        if (!(error instanceof PoxError)) throw error;
        return reply.send(poxErrorResponse(error, request.id, deps.now()));
      }
    });
  }
}
