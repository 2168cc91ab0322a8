import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { Location } from '../../../domain/extranet-lockout/account-activity.ts';
import type { AccountActivityAdmin } from '../../../domain/extranet-lockout/account-activity-view.ts';

/**
 * Extranet smart lockout's cmdlets, for the corporate network only (as AD FS's
 * PowerShell runs on the AD FS server; the WAP does not publish /adfs/management):
 *   GET  /adfs/management/account-activity?user=<upn|domain\user>   Get-AdfsAccountActivity
 *   POST /adfs/management/reset-lockout { user, location? }         Reset-AdfsAccountLockout
 * `location` is familiar or unknown; without it both counters are reset.
 */
const userName = { type: 'string', minLength: 3, maxLength: 256 } as const;
const querySchema = { type: 'object', required: ['user'], additionalProperties: false, properties: { user: userName } } as const;
const resetSchema = {
  type: 'object',
  required: ['user'],
  additionalProperties: false,
  properties: { user: userName, location: { type: 'string', enum: ['familiar', 'unknown'] } },
} as const;

function corporateNetworkOnly(request: FastifyRequest): void {
  if (request.headers['x-ms-proxy'] !== undefined) {
    throw new LabError({ code: 'MANAGEMENT_FROM_EXTRANET', statusCode: 403, message: 'AD FS management is not available through the Web Application Proxy' });
  }
}

export function registerAccountActivity(app: FastifyInstance, admin: AccountActivityAdmin): void {
  app.get<{ Querystring: { user: string } }>('/adfs/management/account-activity', { schema: { querystring: querySchema }, config: { errorFormat: 'json' } }, async (request) => {
    corporateNetworkOnly(request);
    return admin.read(request.query.user);
  });
  app.post<{ Body: { user: string; location?: Location } }>('/adfs/management/reset-lockout', { schema: { body: resetSchema }, config: { errorFormat: 'json' } }, async (request) => {
    corporateNetworkOnly(request);
    const locations: readonly Location[] = request.body.location ? [request.body.location] : ['familiar', 'unknown'];
    const activity = admin.reset(request.body.user, locations);
    request.log.warn({ code: 'EXTRANET_LOCKOUT_RESET', user: request.body.user, locations }, 'extranet lockout counters reset by an administrator');
    return activity;
  });
}
