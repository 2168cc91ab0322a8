import type { AzureAuthRuntime } from '../runtime.ts';
import type { FederationSettings } from './settings.ts';

/**
 * Home-realm discovery (client-flows §2.1): which kind of domain a sign-in name
 * belongs to, and for a federated one, where its identity provider is. The answer
 * depends on the domain only, never on whether the user exists.
 */
export type NamespaceType = 'Managed' | 'Federated' | 'Unknown';

export interface Realm {
  readonly login: string;
  readonly domainName: string;
  readonly namespaceType: NamespaceType;
  readonly brandName: string;
  readonly federation: FederationSettings | undefined;
}

export const cloudInstanceName = 'microsoftonline.test';
export const cloudAudienceUrn = 'urn:federation:MicrosoftOnline';

export function discoverRealm(runtime: AzureAuthRuntime, login: string): Realm {
  const domain = runtime.directory.domainOf(login);
  const domainName = login.includes('@') ? (login.split('@')[1] ?? '') : '';
  const tenant = runtime.directory.tenant();
  if (!domain) return { login, domainName, namespaceType: 'Unknown', brandName: tenant.displayName, federation: undefined };
  const federation = domain.authentication === 'Federated' ? runtime.federation.get(domain.name) : undefined;
  return { login, domainName: domain.name, namespaceType: domain.authentication, brandName: federation?.FederationBrandName ?? tenant.displayName, federation };
}

/** The passive sign-in URL Azure AD sends a federated user to ([MS-MWBF] §2.2.3; client-flows §1.2). */
export function passiveAuthUrl(realm: Realm): string | undefined {
  if (!realm.federation) return undefined;
  const query = new URLSearchParams({ username: realm.login, wa: 'wsignin1.0', wtrealm: cloudAudienceUrn, wctx: '' });
  return `${realm.federation.PassiveLogOnUri}?${query.toString()}`;
}
