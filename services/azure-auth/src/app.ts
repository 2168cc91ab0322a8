import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { defaultAzureAuthConfig, type AzureAuthConfig } from './config.ts';
import { openRuntime, type AzureAuthRuntime } from './domain/runtime.ts';
import { registerRoutes } from './routes/index.ts';

/** What `/_lab/state` shows: the tenant at a glance, never a credential. */
function describeState(runtime: AzureAuthRuntime): unknown {
  const users = runtime.users.list();
  return {
    tenant: runtime.directory.tenant(),
    domains: runtime.directory.domains(),
    users: { total: users.length, synced: users.filter((user) => user.onPremisesSyncEnabled).length, deleted: users.filter((user) => user.deletedAt !== null).length },
    liveSessions: runtime.sessions.count(runtime.config.clock()),
    lockout: { threshold: runtime.config.lockoutThreshold, seconds: runtime.config.lockoutSeconds },
  };
}

/**
 * The azure-auth service (docs/identity.md, "azure-auth"): the tenant directory,
 * sign-in pages, OAuth authorize and token, metadata, the directory sync web service
 * and tenant admin. Errors default to OAuth 2.0 JSON (RFC 6749 §5.2), as Azure AD's
 * endpoints answer; the sign-in pages render theirs as HTML, the APIs as JSON.
 */
export function createAzureAuthService(config: AzureAuthConfig = defaultAzureAuthConfig): ServiceDefinition {
  let current: AzureAuthRuntime | undefined;
  return {
    container: 'azure-auth',
    errorFormat: 'oauth',
    async register(app, context) {
      await app.register(fastifyFormbody);
      await app.register(fastifyCookie);
      const runtime = await openRuntime(context, config);
      current = runtime;
      app.addHook('onClose', async () => runtime.database.close());
      registerRoutes(app, runtime);
    },
    state: () => (current ? describeState(current) : {}),
  };
}

/** The service with its documented defaults (config.ts); main.ts reads the settings from the environment. */
export const azureAuthService: ServiceDefinition = createAzureAuthService();
