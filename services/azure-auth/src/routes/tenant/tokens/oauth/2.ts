import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import { issueAppToken } from '../../../../domain/s2s/issue-app-token.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { single, type FormValues } from '../../../form.ts';
import { hostConstraints } from '../../../hosts.ts';

/**
 * `POST /<tenantId>/tokens/OAuth/2` on accounts.accesscontrol (server-flows §1.3): the S2S
 * token service. Form-encoded, answered in OAuth JSON, never cached (RFC 6749 §5.1).
 * The realm in the path is the tenant id only, as ACS's is.
 */
export function registerStsToken(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenantId: string } }>('/:tenantId/tokens/OAuth/2', { constraints: { host: hostConstraints.accessControl }, config: { errorFormat: 'oauth' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const tenant = runtime.directory.tenant();
    if (request.params.tenantId !== tenant.id) {
      throw new LabError({ code: 'AADSTS90002', statusCode: 400, wireCode: 'invalid_request', message: `Tenant '${request.params.tenantId}' not found; the token service's realm is the tenant id ${tenant.id}.` });
    }
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: 'The token request must be form-encoded (application/x-www-form-urlencoded).' });
    }
    const form = (request.body ?? {}) as FormValues;
    return issueAppToken(
      {
        grantType: single(form, 'grant_type'),
        clientId: single(form, 'client_id'),
        clientAssertionType: single(form, 'client_assertion_type'),
        clientAssertion: single(form, 'client_assertion'),
        resource: single(form, 'resource'),
      },
      tenant,
      runtime,
    );
  });
}
