import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { KeyPair } from '../../../../../../shared/pki/index.ts';
import type { AdfsRuntime } from '../../../domain/runtime.ts';
import { publishedCertificates, rollover, rolloverPhases, viewOf, type RolloverPhase } from '../../../domain/token-signing/rollover.ts';

/**
 * AD FS management of its token-signing certificates, corp only like every management
 * endpoint (a request through the WAP carries X-MS-Proxy, [MS-ADFSPIP] §2.2.1.1):
 * - `GET /adfs/management/token-signing-certificates`: Get-AdfsCertificate -CertificateType Token-Signing;
 * - `POST /adfs/management/token-signing-certificates/rollover` with `{ phase }`: one rollover step
 *   (`lab adfs rollover`; domain/token-signing/rollover.ts says what each phase does).
 */
const body = {
  type: 'object',
  required: ['phase'],
  additionalProperties: false,
  properties: { phase: { enum: rolloverPhases } },
} as const;

function onCorpOnly(request: FastifyRequest): void {
  if (request.headers['x-ms-proxy']) {
    throw new LabError({ code: 'MANAGEMENT_FROM_EXTRANET', statusCode: 403, message: 'AD FS management is not available through the Web Application Proxy' });
  }
}

function certificatesOf(runtime: AdfsRuntime) {
  const published = publishedCertificates(runtime.tokenSigningCertificates, runtime.config.clock(), runtime.config.previousCertificateGraceSeconds);
  return { federationService: runtime.config.federationServiceName, certificates: published.map(viewOf) };
}

export function registerTokenSigningManagement(app: FastifyInstance, runtime: AdfsRuntime, issueCertificate: (now: Date) => KeyPair): void {
  const options = { config: { errorFormat: 'json' as const } };
  app.get('/adfs/management/token-signing-certificates', options, async (request) => {
    onCorpOnly(request);
    return certificatesOf(runtime);
  });
  app.post<{ Body: { phase: RolloverPhase } }>('/adfs/management/token-signing-certificates/rollover', { ...options, schema: { body } }, async (request) => {
    onCorpOnly(request);
    const { phase } = request.body;
    const now = runtime.config.clock();
    rollover(phase, { store: runtime.tokenSigningCertificates, issue: () => issueCertificate(now), now });
    const result = { phase, ...certificatesOf(runtime) };
    request.log.info({ phase, certificates: result.certificates.map(({ role, thumbprint }) => ({ role, thumbprint })) }, 'token-signing rollover step');
    return result;
  });
}
