import { loadSeed } from '../../../../shared/seed/seed.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import type { Database } from '../../../../shared/store/database.ts';
import type { AzureAuthConfig } from '../config.ts';
import { createReplayCache, type ReplayCache } from '../../../../shared/saml/verify.ts';
import type { KeyPair } from '../../../../shared/pki/index.ts';
import { FederationGatewayStore } from './federation-gateway/trusts.ts';
import { loadGatewayKeys } from './federation-gateway/gateway-keys.ts';
import { FederatedSignInStore } from './federation/federated-sign-ins.ts';
import { FederationStore } from './federation/settings.ts';
import { AuthorizationCodeStore } from './oauth/authorization-codes.ts';
import { SessionStore } from './oauth/sessions.ts';
import { SignInFlowStore } from './oauth/sign-in-flows.ts';
import { loadTokenSigning, type TokenSigning } from './oauth/signing.ts';
import { registerOwnAuthCertificate } from './s2s/own-auth-certificate.ts';
import { ServicePrincipalStore } from './s2s/service-principals.ts';
import { openTenantDatabase } from './schema.ts';
import { seedTenantIfEmpty } from './seed-tenant.ts';
import { TenantDirectory } from './tenant.ts';
import { UserStore } from './users.ts';

/** Everything azure-auth's routes work with: its settings, its database and stores, its signing key. */
export interface AzureAuthRuntime {
  readonly config: AzureAuthConfig;
  readonly database: Database;
  readonly directory: TenantDirectory;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly flows: SignInFlowStore;
  readonly codes: AuthorizationCodeStore;
  readonly signing: TokenSigning;
  readonly federation: FederationStore;
  readonly federatedSignIns: FederatedSignInStore;
  /** Assertion IDs already used, until their NotOnOrAfter (security.md: SAML replay). */
  readonly samlReplayCache: ReplayCache;
  /** The DAuth federation gateway's trusts and user ids (server-flows §2.1). */
  readonly federationGateway: FederationGatewayStore;
  /** The gateway's key pair (`signing/federation-gateway`). */
  readonly gatewayKeys: KeyPair;
  /** S2S OAuth: service principals, their SPNs and Verify key credentials (server-flows §1.8). */
  readonly servicePrincipals: ServicePrincipalStore;
}

/** Opens (and on first start seeds) the directory in the state dir, and loads the signing key. */
export async function openRuntime(context: ServiceContext, config: AzureAuthConfig): Promise<AzureAuthRuntime> {
  const signing = loadTokenSigning(context.config.certsDir);
  const gatewayKeys = loadGatewayKeys(context.config.certsDir);
  const database = openTenantDatabase(context.config.stateDir);
  try {
    if (await seedTenantIfEmpty(database, loadSeed(context.config.seedFile), config.clock())) context.logger.info('tenant directory seeded from %s', context.config.seedFile);
    registerOwnAuthCertificate(new ServicePrincipalStore(database), context.config.certsDir, config.clock());
  } catch (error) {
    database.close();
    throw error;
  }
  return {
    config,
    database,
    directory: new TenantDirectory(database),
    users: new UserStore(database),
    sessions: new SessionStore(database),
    flows: new SignInFlowStore(database),
    codes: new AuthorizationCodeStore(database),
    signing,
    federation: new FederationStore(database),
    federatedSignIns: new FederatedSignInStore(database),
    samlReplayCache: createReplayCache({ now: config.clock }),
    federationGateway: new FederationGatewayStore(database),
    gatewayKeys,
    servicePrincipals: new ServicePrincipalStore(database),
  };
}
