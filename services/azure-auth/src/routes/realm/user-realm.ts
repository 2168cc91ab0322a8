import type { FastifyInstance } from 'fastify';
import { cloudAudienceUrn, cloudInstanceName, discoverRealm, passiveAuthUrl, type Realm } from '../../domain/federation/realm.ts';
import type { AzureAuthRuntime } from '../../domain/runtime.ts';
import { hostConstraints } from '../hosts.ts';

/**
 * `GET /common/UserRealm/<upn>?api-version=1.0|2.0` (client-flows §2.1): version 1.0
 * as ADAL reads it (account_type, federation_metadata_url, federation_active_auth_url),
 * version 2.0 as AADInternals' Get-UserRealmExtended shows it.
 */
function version1(realm: Realm): Record<string, unknown> {
  return {
    ver: '1.0',
    account_type: realm.namespaceType,
    domain_name: realm.domainName,
    cloud_instance_name: cloudInstanceName,
    cloud_audience_urn: cloudAudienceUrn,
    ...(realm.federation
      ? { federation_protocol: 'WSTrust', federation_metadata_url: realm.federation.MetadataExchangeUri, federation_active_auth_url: realm.federation.ActiveLogOnUri }
      : {}),
  };
}

function version2(realm: Realm): Record<string, unknown> {
  return {
    NameSpaceType: realm.namespaceType,
    Login: realm.login,
    DomainName: realm.domainName,
    FederationBrandName: realm.brandName,
    TenantBrandingInfo: null,
    cloud_instance_name: cloudInstanceName,
    ...(realm.federation ? { federation_protocol: 'WSTrust', AuthURL: passiveAuthUrl(realm) } : {}),
  };
}

/** Both spellings: ADAL asks for `/common/UserRealm/`, MSAL for Python for `/common/userrealm/` (paths are case-insensitive at Azure AD). */
const paths = ['/common/UserRealm/:login', '/common/userrealm/:login'] as const;

export function registerUserRealm(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  for (const path of paths) {
    app.get<{ Params: { login: string }; Querystring: { 'api-version'?: string } }>(path, { constraints: { host: hostConstraints.login }, config: { errorFormat: 'oauth' } }, async (request) => {
      const realm = discoverRealm(runtime, request.params.login);
      return request.query['api-version'] === '2.0' ? version2(realm) : version1(realm);
    });
  }
}
