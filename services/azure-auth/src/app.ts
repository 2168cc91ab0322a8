import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { defaultAzureAuthConfig, type AzureAuthConfig } from './config.ts';
import { openRuntime, type AzureAuthRuntime } from './domain/runtime.ts';
import { FederationMetadataMonitor } from './domain/federation/metadata-monitor.ts';
import type { MetadataFetcher } from './domain/federation/metadata-refresh.ts';
import { registerRoutes } from './routes/index.ts';
import { registerAdminDomainFederationRefresh } from './routes/tenant/admin/domain-federation-refresh.ts';

/** What `/_lab/state` shows: the tenant at a glance, never a credential. */
function describeState(runtime: AzureAuthRuntime): unknown {
  const users = runtime.users.list();
  return {
    tenant: runtime.directory.tenant(),
    domains: runtime.directory.domains(),
    users: { total: users.length, synced: users.filter((user) => user.onPremisesSyncEnabled).length, deleted: users.filter((user) => user.deletedAt !== null).length },
    liveSessions: runtime.sessions.count(runtime.config.clock()),
    lockout: { threshold: runtime.config.lockoutThreshold, seconds: runtime.config.lockoutSeconds },
    servicePrincipals: runtime.servicePrincipals.list().map((principal) => ({ appId: principal.appId, servicePrincipalNames: principal.servicePrincipalNames, keyCredentials: principal.keyCredentials.map((key) => key.x5t) })),
  };
}

/**
 * The azure-auth service (docs/identity.md, "azure-auth"): the tenant directory,
 * sign-in pages, OAuth authorize and token, metadata, the directory sync web service
 * and tenant admin. Errors default to OAuth 2.0 JSON (RFC 6749 §5.2), as Azure AD's
 * endpoints answer; the sign-in pages render theirs as HTML, the APIs as JSON.
 */
export interface AzureAuthServiceOptions {
  /** How federation metadata is fetched; by default over the lab HTTP client from azure-auth's vantage (the internet). */
  readonly fetchMetadata?: MetadataFetcher;
}

export function createAzureAuthService(config: AzureAuthConfig = defaultAzureAuthConfig, options: AzureAuthServiceOptions = {}): ServiceDefinition {
  let current: AzureAuthRuntime | undefined;
  return {
    container: 'azure-auth',
    errorFormat: 'oauth',
    async register(app, context) {
      await app.register(fastifyFormbody);
      await app.register(fastifyCookie);
      const runtime = await openRuntime(context, config);
      current = runtime;
      const fetchMetadata = options.fetchMetadata ?? ((url: string, correlationId: string) => context.http.request(url, { correlationId, timeoutMs: 30_000 }));
      const monitor = new FederationMetadataMonitor({ runtime, fetchMetadata, logger: context.logger }).start(config.metadataRefreshSeconds);
      app.addHook('onClose', async () => {
        await monitor.close();
        runtime.database.close();
      });
      registerRoutes(app, runtime);
      registerAdminDomainFederationRefresh(app, runtime, monitor);
    },
    state: () => (current ? describeState(current) : {}),
  };
}

/** The service with its documented defaults (config.ts); main.ts reads the settings from the environment. */
export const azureAuthService: ServiceDefinition = createAzureAuthService();
