import type { ClientAccessUrls } from '../../../shared/autodiscover/pox-settings.ts';
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

/**
 * How EWS, ActiveSync and Autodiscover authenticate their callers (client-flows §2.4,
 * §3; docs/federation.md, "Basic-auth proxy (F6)"): Basic through the credential
 * service (realm discovery, AD FS's WS-Trust 2005 endpoint, azure-auth), or a Bearer
 * token from azure-auth. Like OwaSettings, fixed by the lab's names and the seed.
 */
export interface ClientAccessSettings {
  readonly tenantId: string;
  /** Exchange Online's application id: the client_id of its token requests and of the Bearer challenge. */
  readonly appId: string;
  /** The `aud` values a Bearer token may carry: the application id or Exchange Online's URI. */
  readonly audiences: readonly string[];
  /** The `iss` of azure-auth's v1 tokens. */
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly tokenEndpoint: string;
  /** Home-realm discovery as Exchange asks it: `POST login=&xml=1` (client-flows §2.1). */
  readonly realmUrl: string;
  /** The Bearer challenge's authorization_uri: the lab's login host. */
  readonly authorizationUri: string;
  /** The Bearer challenge's trusted_issuers: the ACS principal at the tenant (server-flows §1.1). */
  readonly trustedIssuer: string;
  /** The public host, named by the Bearer challenge's Basic realm. */
  readonly host: string;
  readonly ewsUrl: string;
  readonly activeSyncUrl: string;
  readonly owaUrl: string;
  /** How long a successful Basic sign-in is reused for the same user and password: 60 s. Failures are never cached. */
  readonly credentialCacheSeconds: number;
  /** How long Exchange waits for AD FS or azure-auth before answering 503: 10 s. */
  readonly upstreamTimeoutMs: number;
  /** The Retry-After of a 503: 30 s. */
  readonly retryAfterSeconds: number;
  /** The largest RSTR read from AD FS: 128 KiB, Exchange's own cap (client-flows §2.4). */
  readonly maxRstrBytes: number;
}

export const outlookHost = 'outlook.office365.test';

export function clientAccessSettings(seed: Seed): ClientAccessSettings {
  const tenantId = seed.tenant.id;
  return {
    tenantId,
    appId: exchangeOnlineAppId,
    audiences: [exchangeOnlineAppId, `https://${outlookHost}`],
    issuer: `https://sts.windows.test/${tenantId}/`,
    discoveryUrl: `${loginHost}/${tenantId}/.well-known/openid-configuration`,
    tokenEndpoint: `${loginHost}/${tenantId}/oauth2/token`,
    realmUrl: `${loginHost}/GetUserRealm.srf`,
    authorizationUri: `${loginHost}/common/oauth2/authorize`,
    trustedIssuer: `00000001-0000-0000-c000-000000000000@${tenantId}`,
    host: outlookHost,
    ewsUrl: `https://${outlookHost}/EWS/Exchange.asmx`,
    activeSyncUrl: `https://${outlookHost}/Microsoft-Server-ActiveSync`,
    owaUrl: `https://${outlookHost}/owa/`,
    credentialCacheSeconds: 60,
    upstreamTimeoutMs: 10_000,
    retryAfterSeconds: 30,
    maxRstrBytes: 128 * 1024,
  };
}

/** What POX Autodiscover tells clients about Exchange Online: the tenant as deployment id, and MicrosoftOnline=True. */
export function clientAccessUrls(settings: ClientAccessSettings): ClientAccessUrls {
  return { deploymentId: settings.tenantId, host: settings.host, ewsUrl: settings.ewsUrl, owaUrl: settings.owaUrl, activeSyncUrl: settings.activeSyncUrl, microsoftOnline: true };
}
