import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { adminWebServiceHost, loginHost } from './browser.ts';
import type { TestAzureAuth } from './azure-auth-app.ts';
import { accessToken } from './tokens.ts';

export const syncResource = 'https://adminwebservice.microsoftonline.test';
export const graphResource = 'https://graph.microsoft.test';

/** The seed's sync account and admin, with their seed passwords. */
export function syncToken(lab: TestAzureAuth): Promise<string> {
  return accessToken(lab.app, lab.seed.tenant.syncAccount.userPrincipalName, lab.seed.tenant.syncAccount.password, syncResource);
}

export function adminToken(lab: TestAzureAuth): Promise<string> {
  return accessToken(lab.app, 'admin@contoso.onmicrosoft.test', 'Admin!Lab2026', graphResource);
}

export function callApi(app: FastifyInstance, request: { method: 'GET' | 'POST'; url: string; token?: string; body?: unknown; host?: string }): Promise<LightMyRequestResponse> {
  return app.inject({
    method: request.method,
    url: request.url,
    headers: { host: request.host ?? loginHost, ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) },
    ...(request.body !== undefined ? { payload: request.body as object } : {}),
  });
}

export interface SyncResultBody {
  results: { sourceAnchor: string; outcome: string; objectId?: string; error?: string }[];
}

export async function syncObjects(lab: TestAzureAuth, token: string, objects: Record<string, unknown>[]): Promise<SyncResultBody['results']> {
  const response = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/directorysync/objects`, token, body: { objects }, host: adminWebServiceHost });
  if (response.statusCode !== 200) throw new Error(`sync objects failed: ${response.statusCode} ${response.body}`);
  return (response.json() as SyncResultBody).results;
}

export async function syncPasswords(lab: TestAzureAuth, token: string, credentials: { sourceAnchor: string; credentialData: string }[]): Promise<SyncResultBody['results']> {
  const response = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/directorysync/passwords`, token, body: { credentials }, host: adminWebServiceHost });
  if (response.statusCode !== 200) throw new Error(`sync passwords failed: ${response.statusCode} ${response.body}`);
  return (response.json() as SyncResultBody).results;
}

export interface ListedUser {
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  proxyAddresses: string[];
  accountEnabled: boolean;
  immutableId: string | null;
  onPremisesSyncEnabled: boolean;
  roles: string[];
  hasPassword: boolean;
  deleted: boolean;
}

export async function syncedUsers(lab: TestAzureAuth, token: string): Promise<ListedUser[]> {
  const response = await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/directorysync/users`, token, host: adminWebServiceHost });
  return (response.json() as { users: ListedUser[] }).users;
}

export async function createCloudUser(lab: TestAzureAuth, token: string, user: Record<string, string>): Promise<LightMyRequestResponse> {
  return callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/users`, token, body: user });
}
