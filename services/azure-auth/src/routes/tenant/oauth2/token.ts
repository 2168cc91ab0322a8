import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import type { FormValues } from '../../form.ts';
import { hostConstraints } from '../../hosts.ts';
import { redeemAuthorizationCode } from './grants/authorization-code.ts';
import { required, type GrantHandler } from './grants/grant.ts';
import { passwordGrant } from './grants/password.ts';
import { samlBearerGrant, samlBearerGrantTypes } from './grants/saml-bearer.ts';

/** Grant types (docs/identity.md, "Token"), each a one-method handler. */
const grants: Readonly<Record<string, GrantHandler>> = {
  authorization_code: redeemAuthorizationCode,
  password: passwordGrant,
  [samlBearerGrantTypes['1.1']]: samlBearerGrant('1.1'),
  [samlBearerGrantTypes['2.0']]: samlBearerGrant('2.0'),
};

function grantOf(grantType: string): GrantHandler {
  const grant = Object.hasOwn(grants, grantType) ? grants[grantType] : undefined;
  if (!grant) throw new LabError({ code: 'AADSTS70003', statusCode: 400, wireCode: 'unsupported_grant_type', message: `The app requested an unsupported grant type '${grantType}'; this endpoint takes ${Object.keys(grants).join(', ')}.` });
  return grant;
}

/** `POST /<tenant>/oauth2/token`: form-encoded, answered in OAuth JSON, never cached (RFC 6749 §5.1). */
export function registerToken(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/token', { constraints: { host: hostConstraints.login }, config: { errorFormat: 'oauth' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: 'The token request must be form-encoded (application/x-www-form-urlencoded).' });
    }
    const tenant = runtime.directory.resolve(request.params.tenant);
    const form = (request.body ?? {}) as FormValues;
    return grantOf(required(form, 'grant_type'))({ runtime, tenant, form });
  });
}
