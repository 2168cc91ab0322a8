import type { Seed } from '../../../shared/seed/seed.ts';

/**
 * How OWA signs users in (identity.md, "exchange-online"; client-flows.md §3). Every
 * value is fixed by the lab's names and the seed's tenant id; nothing here is read
 * from the environment.
 */
export interface OwaSettings {
  readonly tenantId: string;
  /** Exchange Online's well-known application id: OWA's client_id and the access token's audience. */
  readonly clientId: string;
  /** The resource OWA asks azure-auth for (v1 endpoint): Exchange Online itself. */
  readonly resource: string;
  /** The one redirect URI azure-auth has registered for Exchange Online. */
  readonly redirectUri: string;
  /** Where an unauthenticated browser is sent, as documented: the `common` authorize endpoint. */
  readonly authorizeEndpoint: string;
  /** Where OWA redeems the code: the tenant's token endpoint. */
  readonly tokenEndpoint: string;
  /** OpenID discovery of the tenant; its `jwks_uri` gives the signing keys. */
  readonly discoveryUrl: string;
  /** The `iss` of azure-auth's v1 tokens. */
  readonly issuer: string;
  /** How long a started sign-in (state and nonce) stays valid: 10 min, azure-auth's code lifetime. */
  readonly signInLifetimeSeconds: number;
  /** How long an OWA session lasts without activity checks: 8 h, a working day. */
  readonly sessionLifetimeSeconds: number;
}

export const exchangeOnlineAppId = '00000002-0000-0ff1-ce00-000000000000';
const loginHost = 'https://login.microsoftonline.test';

export function owaSettings(seed: Seed): OwaSettings {
  const tenantId = seed.tenant.id;
  return {
    tenantId,
    clientId: exchangeOnlineAppId,
    resource: exchangeOnlineAppId,
    redirectUri: 'https://outlook.office365.test/owa/',
    authorizeEndpoint: `${loginHost}/common/oauth2/authorize`,
    tokenEndpoint: `${loginHost}/${tenantId}/oauth2/token`,
    discoveryUrl: `${loginHost}/${tenantId}/.well-known/openid-configuration`,
    issuer: `https://sts.windows.test/${tenantId}/`,
    signInLifetimeSeconds: 600,
    sessionLifetimeSeconds: 8 * 3600,
  };
}
