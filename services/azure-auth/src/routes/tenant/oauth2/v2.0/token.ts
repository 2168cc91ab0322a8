import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import { parseV2Scope } from '../../../../domain/oauth/v2-scopes.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { single, type FormValues } from '../../../form.ts';
import { hostConstraints } from '../../../hosts.ts';
import { required } from '../grants/grant.ts';
import { samlBearerGrantTypes } from '../grants/saml-bearer.ts';
import type { V2GrantHandler } from './grants/grant.ts';
import { v2PasswordGrant } from './grants/password.ts';
import { v2SamlBearerGrant } from './grants/saml-bearer.ts';
import { issueV2Tokens } from './issue-tokens.ts';

/** The grants of the v2.0 endpoint (docs/federation.md, "MSAL"), each a one-method handler. */
const grants: Readonly<Record<string, V2GrantHandler>> = {
  password: v2PasswordGrant,
  [samlBearerGrantTypes['1.1']]: v2SamlBearerGrant('1.1'),
  [samlBearerGrantTypes['2.0']]: v2SamlBearerGrant('2.0'),
};

function grantOf(grantType: string): V2GrantHandler {
  const grant = Object.hasOwn(grants, grantType) ? grants[grantType] : undefined;
  if (!grant) throw new LabError({ code: 'AADSTS70003', statusCode: 400, wireCode: 'unsupported_grant_type', message: `The app requested an unsupported grant type '${grantType}'; this v2.0 endpoint takes ${Object.keys(grants).join(', ')}.` });
  return grant;
}

/**
 * `POST /<tenant>/oauth2/v2.0/token`: like v1, but the resource comes from `scope`.
 * Steps: the grant type, then the scope (so a bad one costs no password attempt), then
 * the grant proves the user, then the tokens.
 */
export function registerV2Token(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/v2.0/token', { constraints: { host: hostConstraints.login }, config: { errorFormat: 'oauth' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: 'The token request must be form-encoded (application/x-www-form-urlencoded).' });
    }
    const tenant = runtime.directory.resolve(request.params.tenant);
    const form = (request.body ?? {}) as FormValues;
    const grant = grantOf(required(form, 'grant_type'));
    const target = parseV2Scope(required(form, 'scope'), tenant.displayName);
    const signedIn = await grant({ runtime, tenant, form });
    return issueV2Tokens(runtime, { signedIn, tenant, target, wantsClientInfo: single(form, 'client_info') === '1' });
  });
}
