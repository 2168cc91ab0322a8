import type { FastifyInstance } from 'fastify';
import { issuerOf } from '../../../domain/oauth/signing.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { hostConstraints, loginHost } from '../../hosts.ts';

/**
 * `GET /<tenant>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4).
 * For `common` the issuer keeps Azure AD's `{tenantid}` template: a multi-tenant
 * client substitutes the `tid` of each token.
 */
export function registerOpenIdConfiguration(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/.well-known/openid-configuration', { constraints: { host: hostConstraints.login } }, async (request, reply) => {
    const tenant = runtime.directory.resolve(request.params.tenant);
    const segment = request.params.tenant.toLowerCase() === 'common' ? 'common' : tenant.id;
    const base = `https://${loginHost}/${segment}`;
    reply.header('cache-control', 'max-age=86400, private');
    return {
      issuer: issuerOf(segment === 'common' ? '{tenantid}' : tenant.id),
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      jwks_uri: `https://${loginHost}/common/discovery/keys`,
      response_types_supported: ['code', 'code id_token'],
      response_modes_supported: ['form_post'],
      grant_types_supported: ['authorization_code', 'password'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'amr', 'nonce', 'c_hash', 'oid', 'tid', 'upn', 'unique_name', 'name', 'ver'],
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.test',
    };
  });
}
