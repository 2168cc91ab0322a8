import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorizeBearer } from '../../../domain/oauth/bearer.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { gatewayEndpoint } from '../../../domain/federation-gateway/gateway-keys.ts';
import { GATEWAY_ISSUER, type FederationTrustRecord } from '../../../../../../shared/dauth/index.ts';
import { hostConstraints, nexusHost } from '../../hosts.ts';
import { graphResource } from '../../tenant/admin/users.ts';

/**
 * `POST /federation-gateway/admin/trusts` on nexus (GlobalAdministrator): New-FederationTrust
 * and Set-FederatedOrganizationIdentifier in one (server-flows §2.1) — the organization's
 * public certificate, ApplicationUri and federated domains go in; the gateway's public
 * certificate, issuer and endpoints come back (seed 003: keys are exchanged both ways).
 * `GET` lists the registered trusts. Domain ownership (Get-FederatedDomainProof, a DNS
 * TXT record) is not checked in the lab: only a tenant administrator can register.
 */
interface TrustBody {
  Name: string;
  ApplicationUri: string;
  Domains: string[];
  Certificate: string;
}

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const body = {
  type: 'object',
  additionalProperties: false,
  required: ['Name', 'ApplicationUri', 'Domains', 'Certificate'],
  properties: {
    Name: text(256),
    ApplicationUri: text(256),
    Domains: { type: 'array', minItems: 1, maxItems: 64, items: { type: 'string', pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', maxLength: 253 } },
    Certificate: text(16384),
  },
} as const;

function view(trust: FederationTrustRecord): object {
  return { Name: trust.name, ApplicationUri: trust.applicationUri, Domains: trust.domains };
}

async function authorize(runtime: AzureAuthRuntime, request: FastifyRequest): Promise<void> {
  await authorizeBearer(runtime, request.headers.authorization, { audiences: [graphResource, `${graphResource}/`], role: 'GlobalAdministrator', hop: 'admin → federation gateway' });
}

export function registerFederationTrusts(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.nexus }, config: { errorFormat: 'json' as const } };
  app.get('/federation-gateway/admin/trusts', options, async (request) => {
    await authorize(runtime, request);
    return { trusts: runtime.federationGateway.list().map(view) };
  });
  app.post<{ Body: TrustBody }>('/federation-gateway/admin/trusts', { ...options, schema: { body } }, async (request) => {
    await authorize(runtime, request);
    const { Name, ApplicationUri, Domains, Certificate } = request.body;
    const trust = runtime.federationGateway.register({ name: Name, applicationUri: ApplicationUri, domains: Domains, certificatePem: Certificate }, runtime.config.clock());
    return {
      ...view(trust),
      GatewayCertificate: runtime.gatewayKeys.certPem,
      TokenIssuerUri: GATEWAY_ISSUER,
      TokenIssuerEndpoint: gatewayEndpoint,
      MetadataUrl: `https://${nexusHost}/federationmetadata/2006-12/federationmetadata.xml`,
    };
  });
}
