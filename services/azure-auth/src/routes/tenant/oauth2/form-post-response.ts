import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AuthorizeRequest } from '../../../domain/oauth/authorize-request.ts';
import { issueIdToken } from '../../../domain/oauth/tokens.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import type { UserRecord } from '../../../domain/users.ts';
import { sendPage } from '../../pages.ts';
import { formPostPage } from '../../views/form-post-page.ts';

/**
 * The end of a successful sign-in: a one-time code bound to the client and redirect
 * URI, the id_token for `code id_token`, and the state, auto-posted to the
 * registered redirect URI (docs/identity.md). `authenticationMethods` is the sign-in's
 * amr when it was not a password here (a federated sign-in: ["pwd","fed"] or ["wia","fed"]).
 */
export async function respondWithCode(runtime: AzureAuthRuntime, reply: FastifyReply, request: AuthorizeRequest, user: UserRecord, authenticationMethods?: readonly string[]): Promise<FastifyReply> {
  const now = runtime.config.clock();
  const grant = { clientId: request.clientId, redirectUri: request.redirectUri, objectId: user.objectId, resource: request.resource, scope: request.scope, nonce: request.nonce, authenticationMethods };
  const code = runtime.codes.issue(grant, now, runtime.config.codeLifetimeSeconds);
  const fields: Record<string, string> = { code };
  if (request.responseType === 'code id_token') {
    const subject = { user, tenant: runtime.directory.tenant(), clientId: request.clientId, now, lifetimeSeconds: runtime.config.accessTokenLifetimeSeconds, authenticationMethods };
    fields.id_token = await issueIdToken(runtime.signing, subject, { nonce: request.nonce, code });
  }
  if (request.state !== null) fields.state = request.state;
  fields.session_state = randomUUID();
  return sendPage(reply, (nonce) => formPostPage({ nonce, redirectUri: request.redirectUri, fields }), { formTargets: [request.redirectUri] });
}
