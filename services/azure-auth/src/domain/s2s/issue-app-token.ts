import { issueActorToken } from '../../../../../shared/s2s/actor-token.ts';
import { parsePrincipalAt } from '../../../../../shared/s2s/principals.ts';
import { jwtBearerAssertionType } from '../../../../../shared/s2s/token-request.ts';
import type { AzureAuthRuntime } from '../runtime.ts';
import type { Tenant } from '../tenant.ts';
import { checkResource } from './check-resource.ts';
import { invalidClient, invalidRequest } from './sts-errors.ts';
import { verifyClientAssertion } from './verify-client-assertion.ts';

/**
 * The S2S token service's issuance (server-flows §1.3–1.4): a client_credentials
 * request with a self-signed client assertion → an actor token for the resource.
 * Steps: read the form, find the client, verify its assertion, check the resource,
 * issue. The response's field set is inferred (§1.3); times are strings as Azure AD v1
 * writes them, `not_before`/`expires_on` added as v1 does.
 */
export interface AppTokenRequest {
  readonly grantType: string | undefined;
  readonly clientId: string | undefined;
  readonly clientAssertionType: string | undefined;
  readonly clientAssertion: string | undefined;
  readonly resource: string | undefined;
}

export interface AppTokenResponse {
  readonly token_type: 'Bearer';
  readonly access_token: string;
  readonly expires_in: string;
  readonly not_before: string;
  readonly expires_on: string;
  readonly resource: string;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw invalidRequest('AADSTS900144', `The request body must contain the following parameter: '${name}'.`);
  return value;
}

function clientAppId(clientId: string, tenant: Tenant, runtime: AzureAuthRuntime): string {
  const parts = parsePrincipalAt(clientId);
  if (!parts || parts.realm !== tenant.id || !runtime.servicePrincipals.exists(parts.id)) {
    throw invalidClient('AADSTS700016', `Application with identifier '${clientId}' was not found in the directory '${tenant.id}'. client_id must be <appId>@<tenantId> of a service principal of this tenant.`);
  }
  return parts.id;
}

export async function issueAppToken(request: AppTokenRequest, tenant: Tenant, runtime: AzureAuthRuntime): Promise<AppTokenResponse> {
  const grantType = required(request.grantType, 'grant_type');
  if (grantType !== 'client_credentials') throw invalidRequest('AADSTS70003', `The app requested an unsupported grant type '${grantType}'; the S2S token service takes client_credentials.`);
  const clientId = required(request.clientId, 'client_id');
  if (request.clientAssertionType !== jwtBearerAssertionType || request.clientAssertion === undefined) {
    throw invalidRequest('AADSTS7000216', `'client_assertion' with client_assertion_type '${jwtBearerAssertionType}' is required for the 'client_credentials' grant type.`);
  }
  const resource = required(request.resource, 'resource');
  const appId = clientAppId(clientId, tenant, runtime);
  const now = runtime.config.clock();
  verifyClientAssertion({ assertion: request.clientAssertion, clientId, appId, tenantId: tenant.id, principals: runtime.servicePrincipals, now });
  checkResource(resource, tenant.id, runtime.servicePrincipals);
  const lifetime = runtime.config.s2sTokenLifetimeSeconds;
  const issued = await issueActorToken({ resource, realm: tenant.id, client: clientId, signer: runtime.signing.signer, now, lifetimeSeconds: lifetime });
  return {
    token_type: 'Bearer',
    access_token: issued.token,
    expires_in: String(lifetime),
    not_before: String(issued.notBefore.getTime() / 1000),
    expires_on: String(issued.expiresOn.getTime() / 1000),
    resource,
  };
}
