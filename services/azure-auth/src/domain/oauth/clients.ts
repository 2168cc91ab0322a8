import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * Applications that may use the browser sign-in (docs/identity.md). Their redirect
 * URIs are compared exactly, never by prefix (security.md, open redirect; RFC 9700 §4.1).
 */
export interface RegisteredClient {
  readonly clientId: string;
  readonly displayName: string;
  readonly redirectUris: readonly string[];
}

export const exchangeOnlineAppId = '00000002-0000-0ff1-ce00-000000000000';

export const registeredClients: readonly RegisteredClient[] = [{ clientId: exchangeOnlineAppId, displayName: 'Office 365 Exchange Online', redirectUris: ['https://outlook.office365.test/owa/'] }];

export function registeredClient(clientId: string): RegisteredClient {
  const client = registeredClients.find((candidate) => candidate.clientId === clientId.toLowerCase());
  if (!client) throw new LabError({ code: 'AADSTS700016', statusCode: 400, wireCode: 'unauthorized_client', message: `Application with identifier '${clientId}' was not found in the directory.` });
  return client;
}

export function checkRedirectUri(client: RegisteredClient, redirectUri: string): void {
  if (client.redirectUris.includes(redirectUri)) return;
  throw new LabError({
    code: 'AADSTS50011',
    statusCode: 400,
    wireCode: 'invalid_request',
    message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}' (${client.displayName}).`,
  });
}
