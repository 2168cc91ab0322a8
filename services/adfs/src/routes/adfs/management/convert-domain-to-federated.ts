import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../../../shared/http/client.ts';
import { convertDomainToFederated } from '../../../domain/convert-domain-to-federated.ts';
import type { AdfsRuntime } from '../../../domain/runtime.ts';

/**
 * `POST /adfs/management/convert-domain-to-federated` with `{ domain, userName, password }`
 * (the cloud Global Administrator's): what running Convert-MsolDomainToFederated on the
 * AD FS server does. Management is for the corporate network only: a request that came
 * through the Web Application Proxy (X-MS-Proxy, [MS-ADFSPIP] §2.2.1.1) is refused.
 */
const body = {
  type: 'object',
  required: ['domain', 'userName', 'password'],
  additionalProperties: false,
  properties: { domain: { type: 'string', minLength: 1, maxLength: 253 }, userName: { type: 'string', minLength: 3, maxLength: 256 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export function registerConvertDomainToFederated(app: FastifyInstance, runtime: AdfsRuntime, http: LabHttpClient, tenantId: string): void {
  app.post<{ Body: { domain: string; userName: string; password: string } }>('/adfs/management/convert-domain-to-federated', { schema: { body }, config: { errorFormat: 'json' } }, async (request) => {
    if (request.headers['x-ms-proxy']) {
      throw new LabError({ code: 'MANAGEMENT_FROM_EXTRANET', statusCode: 403, message: 'AD FS management is not available through the Web Application Proxy' });
    }
    return convertDomainToFederated(http, runtime, { ...request.body, tenantId, correlationId: request.id });
  });
}
