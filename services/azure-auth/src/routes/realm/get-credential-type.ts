import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { discoverRealm, passiveAuthUrl } from '../../domain/federation/realm.ts';
import type { AzureAuthRuntime } from '../../domain/runtime.ts';
import { hostConstraints } from '../hosts.ts';

/**
 * `POST /common/GetCredentialType` (client-flows §2.1): what the sign-in page asks after
 * the username. PrefCredential 1 is a password, 4 a federated redirect; DomainType 3
 * managed, 4 federated; IfExistsResult 0 exists, 1 does not.
 */
export function registerGetCredentialType(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Body: { username?: unknown } }>('/common/GetCredentialType', { constraints: { host: hostConstraints.login }, config: { errorFormat: 'oauth' } }, async (request) => {
    const username = request.body?.username;
    if (typeof username !== 'string' || username.length === 0 || username.length > 256) {
      throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: "The request body must contain the following parameter: 'username'." });
    }
    const realm = discoverRealm(runtime, username);
    const user = runtime.users.byUserPrincipalName(username);
    const exists = user !== undefined && user.deletedAt === null;
    const federatedUrl = passiveAuthUrl(realm);
    return {
      Username: username,
      Display: username,
      IfExistsResult: exists || federatedUrl ? 0 : 1,
      IsUnmanaged: false,
      ThrottleStatus: 0,
      Credentials: {
        PrefCredential: federatedUrl ? 4 : 1,
        HasPassword: true,
        RemoteNgcParams: null,
        FidoParams: null,
        SasParams: null,
        ...(federatedUrl ? { FederationRedirectUrl: federatedUrl } : {}),
      },
      EstsProperties: { UserTenantBranding: null, DomainType: realm.namespaceType === 'Federated' ? 4 : 3 },
      IsSignupDisallowed: true,
    };
  });
}
