import { exchangeOnlineAppId } from './clients.ts';

/**
 * The resource principals (APIs) of the tenant that the v2.0 endpoint can issue tokens
 * for. A v2.0 request names its resource inside each scope, by application id or
 * identifier URI (`https://outlook.office365.test/EWS.AccessAsUser.All`), so the
 * endpoint must know which resources exist and which delegated permissions each exposes.
 */
export interface ResourcePrincipal {
  readonly appId: string;
  readonly displayName: string;
  readonly identifierUris: readonly string[];
  /** What `<resource>/.default` grants: the permissions consented for every client (the lab consents all). */
  readonly delegatedPermissions: readonly string[];
}

export const resourcePrincipals: readonly ResourcePrincipal[] = [
  // Exchange Online's first-party app; EWS.AccessAsUser.All is EWS's delegated permission (OAuth for EWS).
  { appId: exchangeOnlineAppId, displayName: 'Office 365 Exchange Online', identifierUris: ['https://outlook.office365.test'], delegatedPermissions: ['EWS.AccessAsUser.All'] },
];

const normalized = (name: string): string => name.toLowerCase().replace(/\/+$/, '');

/** The principal a scope's resource part names (application id or identifier URI, case-insensitive, trailing slash ignored). */
export function resourcePrincipalNamed(name: string): ResourcePrincipal | undefined {
  const wanted = normalized(name);
  return resourcePrincipals.find((principal) => principal.appId === wanted || principal.identifierUris.some((uri) => normalized(uri) === wanted));
}
