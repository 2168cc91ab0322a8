import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import { authorizeBearer } from '../../../domain/oauth/bearer.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import type { ServicePrincipal } from '../../../domain/s2s/service-principals.ts';
import { hostConstraints } from '../../hosts.ts';
import { graphResource } from './users.ts';

/**
 * Service principals for S2S OAuth (GlobalAdministrator; server-flows §1.8, "Cloud
 * directory"), shaped like Graph's servicePrincipal and keyCredential:
 * - `GET /<tenantId>/admin/servicePrincipals/<appId>`: its SPNs and key credentials;
 * - `POST …/keyCredentials` `{type: "AsymmetricX509Cert", usage: "Verify", key: <base64 DER or PEM>}`;
 * - `POST …/servicePrincipalNames` `{servicePrincipalNames: ["https://mail.contoso.test/", …]}`.
 * Both POSTs are idempotent, as the hybrid wizard (F9) re-runs.
 */
type Request = FastifyRequest<{ Params: { tenantId: string; appId: string } }>;

async function principalOf(runtime: AzureAuthRuntime, request: Request): Promise<string> {
  runtime.directory.resolveById(request.params.tenantId);
  await authorizeBearer(runtime, request.headers.authorization, { audiences: [graphResource, `${graphResource}/`], role: 'GlobalAdministrator', hop: 'admin → azure-auth service principals' });
  if (!runtime.servicePrincipals.get(request.params.appId)) throw new LabError({ code: 'SERVICE_PRINCIPAL_NOT_FOUND', statusCode: 404, message: `no service principal with appId ${request.params.appId} in this tenant` });
  return request.params.appId;
}

/** Graph's view: certificates as base64 DER, with their thumbprints and validity. */
function view(principal: ServicePrincipal): unknown {
  return {
    appId: principal.appId,
    displayName: principal.displayName,
    servicePrincipalNames: principal.servicePrincipalNames,
    keyCredentials: principal.keyCredentials.map((key) => ({
      type: 'AsymmetricX509Cert',
      usage: key.usage,
      customKeyIdentifier: key.x5t,
      startDateTime: new Date(key.startAt).toISOString(),
      endDateTime: new Date(key.endAt).toISOString(),
      key: key.certificatePem.replace(/-----[^-]+-----|\s/g, ''),
    })),
  };
}

/** PEM as given, or base64 DER (Graph's `key`) wrapped as PEM. */
function certificatePem(key: string): string {
  if (key.includes('-----BEGIN CERTIFICATE-----')) return key;
  return `-----BEGIN CERTIFICATE-----\n${key.replace(/\s/g, '').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

const keyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'usage', 'key'],
  properties: { type: { const: 'AsymmetricX509Cert' }, usage: { const: 'Verify' }, key: { type: 'string', minLength: 100, maxLength: 16384 } },
} as const;

const namesBody = {
  type: 'object',
  additionalProperties: false,
  required: ['servicePrincipalNames'],
  properties: { servicePrincipalNames: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 3, maxLength: 512 } } },
} as const;

export function registerAdminServicePrincipals(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.login }, config: { errorFormat: 'json' as const } };
  app.get<{ Params: { tenantId: string; appId: string } }>('/:tenantId/admin/servicePrincipals/:appId', options, async (request) => view(runtime.servicePrincipals.get(await principalOf(runtime, request))!));
  app.post<{ Params: { tenantId: string; appId: string }; Body: { key: string } }>('/:tenantId/admin/servicePrincipals/:appId/keyCredentials', { ...options, schema: { body: keyBody } }, async (request) => {
    const appId = await principalOf(runtime, request);
    try {
      runtime.servicePrincipals.addKeyCredential(appId, certificatePem(request.body.key), runtime.config.clock());
    } catch (error) {
      if (error instanceof LabError) throw error;
      throw new LabError({ code: 'KEY_CREDENTIAL_INVALID', statusCode: 400, message: `the key is not an X.509 certificate: ${(error as Error).message}`, cause: error });
    }
    return view(runtime.servicePrincipals.get(appId)!);
  });
  app.post<{ Params: { tenantId: string; appId: string }; Body: { servicePrincipalNames: string[] } }>('/:tenantId/admin/servicePrincipals/:appId/servicePrincipalNames', { ...options, schema: { body: namesBody } }, async (request) => {
    const appId = await principalOf(runtime, request);
    runtime.servicePrincipals.addServicePrincipalNames(appId, request.body.servicePrincipalNames, runtime.config.clock());
    return view(runtime.servicePrincipals.get(appId)!);
  });
}
