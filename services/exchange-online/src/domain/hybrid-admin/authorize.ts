import type { FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { ClientAccessSettings } from '../../config.ts';
import type { AzureAuthClient } from '../azure-auth-client.ts';
import { verifyWithPublishedKeys } from '../verify-tokens.ts';

/**
 * Who may manage Exchange Online's hybrid configuration (Exchange Online PowerShell; the
 * hybrid wizard, flow F9): a Bearer token from azure-auth for Exchange Online (its
 * published keys, issuer, audience, expiry), of this tenant (`tid`), whose `wids` hold
 * the Global Administrator role template — as azure-auth's own admin routes demand.
 * Missing or bad token: 401 with a Bearer challenge; another tenant or no role: 403.
 */
const hop = 'admin → exchange-online (hybrid management)';
export const globalAdministratorTemplateId = '62e90394-69f5-4237-9190-012177145e10';

function unauthorized(code: string, message: string, error: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, message, hop, wireCode: 'invalid_token', cause, challenges: [`Bearer realm="exchange-online", error="${error}"`] });
}

export function hybridAdminAuthorizer(client: AzureAuthClient, settings: ClientAccessSettings, now: () => Date): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw unauthorized('TOKEN_MISSING', 'a Bearer token of a Global Administrator is required', 'invalid_request');
    let claims;
    try {
      claims = await verifyWithPublishedKeys(client, token, { issuer: settings.issuer, audience: settings.audiences, now: now(), hop });
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      if (error.statusCode >= 500) throw error;
      throw unauthorized(error.code, error.message, 'invalid_token', error);
    }
    if (claims.tid !== settings.tenantId) {
      throw new LabError({ code: 'TOKEN_CLAIM_TID', statusCode: 403, hop, message: `the token is for tenant ${String(claims.tid)}, not ${settings.tenantId}` });
    }
    const wids = Array.isArray(claims.wids) ? claims.wids : [];
    if (!wids.includes(globalAdministratorTemplateId)) {
      throw new LabError({ code: 'ACCESS_DENIED', statusCode: 403, hop, message: `${String(claims.upn ?? claims.oid)} does not hold the GlobalAdministrator role hybrid management requires` });
    }
  };
}
