import type { FastifyInstance, FastifyReply } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { renderError } from '../../../../shared/errors/render.ts';
import { activeSyncCodePages, decodeWbxml, encodeWbxml } from '../../../../shared/wbxml/index.ts';
import { folderSync } from '../domain/activesync/folder-sync.ts';
import { readActiveSyncRequest, supportedCommands, supportedVersions } from '../domain/activesync/request-line.ts';
import type { ClientAccessDependencies } from '../domain/client-access/dependencies.ts';
import { authenticateHook, clientApplications, clientUserOf } from './client-access/authenticate-hook.ts';
import { clientAccessErrorHandler } from './client-access/error-handler.ts';

/**
 * Exchange ActiveSync ([MS-ASHTTP]) at `/Microsoft-Server-ActiveSync`, Basic or Bearer:
 * `OPTIONS` advertises the protocol versions and the commands the lab implements
 * (§2.2.4); `POST ?Cmd=FolderSync&User=&DeviceId=&DeviceType=` takes and answers WBXML.
 * Errors are HTTP statuses with a plain-text body, which is what ActiveSync clients read.
 */
export const activeSyncPath = '/Microsoft-Server-ActiveSync';
export const wbxmlContentType = 'application/vnd.ms-sync.wbxml';

const errorHandler = clientAccessErrorHandler((error, context) => ({ statusCode: error.statusCode, ...renderError('text', error, { ...context, service: 'exchange-online' }) }));

function serverHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('ms-server-activesync', '15.20').header('cache-control', 'private');
}

function decodeRequest(body: Buffer) {
  try {
    return decodeWbxml(body, activeSyncCodePages);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw new LabError({ code: error.code, statusCode: error.statusCode, message: error.message, hop: 'client → exchange-online (ActiveSync)', cause: error });
  }
}

export function registerActiveSync(app: FastifyInstance, deps: ClientAccessDependencies): void {
  const onRequest = authenticateHook(deps, clientApplications.activeSync);

  app.options(activeSyncPath, { onRequest, errorHandler }, async (_request, reply) =>
    serverHeaders(reply)
      .header('allow', 'OPTIONS,POST')
      .header('public', 'OPTIONS,POST')
      .header('ms-asprotocolversions', supportedVersions.join(','))
      .header('ms-asprotocolcommands', supportedCommands.join(','))
      .code(200)
      .send(),
  );

  app.post<{ Querystring: Record<string, unknown> }>(activeSyncPath, { onRequest, errorHandler }, async (request, reply) => {
    const user = clientUserOf(request);
    const line = readActiveSyncRequest(request.query, request.headers['ms-asprotocolversion']);
    const names = [user.upn, user.mailbox.primarySmtpAddress].map((name) => name.toLowerCase());
    if (!names.includes(line.user.toLowerCase())) {
      throw new LabError({ code: 'ACTIVESYNC_USER_MISMATCH', statusCode: 403, message: `User=${line.user.slice(0, 256)} is not the signed-in user`, hop: 'client → exchange-online (ActiveSync)' });
    }
    if (!Buffer.isBuffer(request.body)) throw new LabError({ code: 'ACTIVESYNC_BAD_REQUEST', statusCode: 400, message: `FolderSync takes a ${wbxmlContentType} body`, hop: 'client → exchange-online (ActiveSync)' });
    const answer = folderSync(decodeRequest(request.body));
    return serverHeaders(reply).type(wbxmlContentType).send(encodeWbxml(answer, activeSyncCodePages));
  });
}
