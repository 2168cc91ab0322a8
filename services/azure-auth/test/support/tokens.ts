import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loginHost } from './browser.ts';

/** The lab CLI's public client id (Azure CLI's well-known one). */
export const cliClientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export function tokenRequest(app: FastifyInstance, form: Record<string, string>, tenant = 'common'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/${tenant}/oauth2/token`, payload: new URLSearchParams(form).toString(), headers: { host: loginHost, 'content-type': 'application/x-www-form-urlencoded' } });
}

export function passwordGrant(app: FastifyInstance, username: string, password: string, resource: string): Promise<LightMyRequestResponse> {
  return tokenRequest(app, { grant_type: 'password', client_id: cliClientId, resource, username, password });
}

/** An access token from the password grant, or a failed assertion. */
export async function accessToken(app: FastifyInstance, username: string, password: string, resource: string): Promise<string> {
  const response = await passwordGrant(app, username, password, resource);
  if (response.statusCode !== 200) throw new Error(`password grant for ${username} failed: ${response.body}`);
  return (response.json() as { access_token: string }).access_token;
}
