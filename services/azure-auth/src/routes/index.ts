import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../domain/runtime.ts';
import { registerLoginSrf } from './login-srf.ts';
import { registerGetCredentialType } from './realm/get-credential-type.ts';
import { registerGetUserRealm } from './realm/get-user-realm.ts';
import { registerUserRealm } from './realm/user-realm.ts';
import { registerAdminDomainFederation } from './tenant/admin/domain-federation.ts';
import { registerAdminServicePrincipals } from './tenant/admin/service-principals.ts';
import { registerAdminUsers } from './tenant/admin/users.ts';
import { registerSyncObjects } from './tenant/directorysync/objects.ts';
import { registerSyncPasswords } from './tenant/directorysync/passwords.ts';
import { registerSyncUsers } from './tenant/directorysync/users.ts';
import { registerDiscoveryKeys } from './tenant/discovery/keys.ts';
import { registerV2DiscoveryKeys } from './tenant/discovery/v2.0/keys.ts';
import { registerLogin } from './tenant/login.ts';
import { registerStsMetadata } from './tenant/metadata/json/1.ts';
import { registerAuthorize } from './tenant/oauth2/authorize.ts';
import { registerStsToken } from './tenant/tokens/oauth/2.ts';
import { registerToken } from './tenant/oauth2/token.ts';
import { registerV2Token } from './tenant/oauth2/v2.0/token.ts';
import { registerV2OpenIdConfiguration } from './tenant/v2.0/well-known/openid-configuration.ts';
import { registerOpenIdConfiguration } from './tenant/well-known/openid-configuration.ts';

/** Every route, by host: sign-in, token, metadata and tenant admin on login; directory sync on adminwebservice; the S2S token service on accounts.accesscontrol. */
export function registerRoutes(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  registerAuthorize(app, runtime);
  registerLogin(app, runtime);
  registerLoginSrf(app, runtime);
  registerToken(app, runtime);
  registerV2Token(app, runtime);
  registerOpenIdConfiguration(app, runtime);
  registerV2OpenIdConfiguration(app, runtime);
  registerDiscoveryKeys(app, runtime);
  registerV2DiscoveryKeys(app, runtime);
  registerAdminUsers(app, runtime);
  registerAdminDomainFederation(app, runtime);
  registerAdminServicePrincipals(app, runtime);
  registerUserRealm(app, runtime);
  registerGetUserRealm(app, runtime);
  registerGetCredentialType(app, runtime);
  registerSyncObjects(app, runtime);
  registerSyncPasswords(app, runtime);
  registerSyncUsers(app, runtime);
  registerStsMetadata(app, runtime);
  registerStsToken(app, runtime);
}
