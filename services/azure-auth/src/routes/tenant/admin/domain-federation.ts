import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { FederationSettings } from '../../../domain/federation/settings.ts';
import { authorizeBearer } from '../../../domain/oauth/bearer.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { hostConstraints } from '../../hosts.ts';
import { graphResource } from './users.ts';

/**
 * `GET` and `POST /<tenantId>/admin/domains/<domain>/federation` (GlobalAdministrator):
 * read or set a domain's federation settings — Get-/Set-MsolDomainFederationSettings;
 * setting them converts the domain to Federated, as Convert-MsolDomainToFederated does.
 */
type Request = FastifyRequest<{ Params: { tenantId: string; domain: string } }>;

const text = { type: 'string', minLength: 1, maxLength: 8192 } as const;
const body = {
  type: 'object',
  additionalProperties: false,
  required: ['IssuerUri', 'PassiveLogOnUri', 'ActiveLogOnUri', 'MetadataExchangeUri', 'LogOffUri', 'SigningCertificate'],
  properties: {
    IssuerUri: text,
    PassiveLogOnUri: text,
    ActiveLogOnUri: text,
    MetadataExchangeUri: text,
    LogOffUri: text,
    SigningCertificate: text,
    NextSigningCertificate: { type: ['string', 'null'], maxLength: 8192 },
    PreferredAuthenticationProtocol: { enum: ['WsFed', 'Samlp'] },
    PromptLoginBehavior: { enum: ['TranslateToFreshPasswordAuth', 'NativeSupport', 'Disabled'] },
    FederationBrandName: { type: 'string', maxLength: 256 },
  },
} as const;

/** The tenant's verified domain the URL names, once the caller has shown a Global Administrator's token. */
export async function domainOf(runtime: AzureAuthRuntime, request: Request): Promise<string> {
  runtime.directory.resolveById(request.params.tenantId);
  await authorizeBearer(runtime, request.headers.authorization, { audiences: [graphResource, `${graphResource}/`], role: 'GlobalAdministrator', hop: 'admin → azure-auth domain federation' });
  const domain = runtime.directory.domains().find((entry) => entry.name.toLowerCase() === request.params.domain.toLowerCase());
  if (!domain) throw new LabError({ code: 'DOMAIN_NOT_FOUND', statusCode: 404, message: `${request.params.domain} is not a verified domain of this tenant` });
  if (domain.name.toLowerCase() === runtime.directory.tenant().initialDomain.toLowerCase()) {
    throw new LabError({ code: 'DOMAIN_NOT_FEDERATABLE', statusCode: 400, message: `${domain.name} is the initial domain and cannot be federated` });
  }
  return domain.name;
}

export function registerAdminDomainFederation(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.login }, config: { errorFormat: 'json' as const } };
  app.get<{ Params: { tenantId: string; domain: string } }>('/:tenantId/admin/domains/:domain/federation', options, async (request) => {
    const domain = await domainOf(runtime, request);
    const settings = runtime.federation.get(domain);
    if (!settings) throw new LabError({ code: 'DOMAIN_NOT_FEDERATED', statusCode: 404, message: `${domain} has no federation settings yet; run lab federate ${domain}` });
    return { domain, ...settings };
  });
  app.post<{ Params: { tenantId: string; domain: string }; Body: Partial<FederationSettings> }>('/:tenantId/admin/domains/:domain/federation', { ...options, schema: { body } }, async (request) => {
    const domain = await domainOf(runtime, request);
    const given = request.body;
    const settings = {
      ...given,
      PreferredAuthenticationProtocol: given.PreferredAuthenticationProtocol ?? 'WsFed',
      PromptLoginBehavior: given.PromptLoginBehavior ?? 'TranslateToFreshPasswordAuth',
      FederationBrandName: given.FederationBrandName ?? runtime.directory.tenant().displayName,
      NextSigningCertificate: given.NextSigningCertificate ?? null,
    } as FederationSettings;
    runtime.federation.set(domain, settings, runtime.config.clock());
    return { domain, ...settings };
  });
}
