import type { FastifyInstance } from 'fastify';
import { samlBearerGrantTypes } from '../../oauth2/grants/saml-bearer.ts';
import { v2IssuerOf } from '../../../../domain/oauth/tokens-v2.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { lowerCaseTenantAliases } from '../../../../domain/tenant.ts';
import { hostConstraints, loginHost } from '../../../hosts.ts';

/**
 * `GET /<tenant>/v2.0/.well-known/openid-configuration` (OpenID Connect Discovery 1.0
 * §4), where MSAL discovers a tenant: it takes `authorization_endpoint` and
 * `token_endpoint`, and the tenant from the token endpoint's path. `common` and
 * `organizations` keep their segment and Azure AD's `{tenantid}` issuer template.
 */
export function registerV2OpenIdConfiguration(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', { constraints: { host: hostConstraints.login } }, async (request, reply) => {
    const tenant = runtime.directory.resolve(request.params.tenant);
    const alias = lowerCaseTenantAliases.has(request.params.tenant.toLowerCase()) ? request.params.tenant.toLowerCase() : undefined;
    const base = `https://${loginHost}/${alias ?? tenant.id}`;
    reply.header('cache-control', 'max-age=86400, private');
    return {
      issuer: v2IssuerOf(alias ? '{tenantid}' : tenant.id),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'code id_token'],
      response_modes_supported: ['form_post'],
      grant_types_supported: ['authorization_code', 'password', samlBearerGrantTypes['1.1'], samlBearerGrantTypes['2.0']],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'c_hash', 'oid', 'tid', 'name', 'preferred_username', 'ver'],
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.test',
    };
  });
}
