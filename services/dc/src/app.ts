import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { listenLdap } from './ldap/server.ts';
import { LdapSessions } from './ldap/session.ts';
import { registerDrsReplicate } from './routes/drs/replicate.ts';
import { registerNtlmVerify } from './routes/netlogon/ntlm/verify.ts';
import { hasRuntime, openRuntime, runtimeOf } from './runtime.ts';

/**
 * The dc (docs/identity.md, dc): the directory in SQLite, LDAP on 389 and LDAPS on
 * 636, and over HTTPS the NETLOGON-like NTLM verification and DRS-like password
 * replication. Errors on HTTPS are JSON.
 */
export const dcService: ServiceDefinition = {
  container: 'dc',
  errorFormat: 'json',
  async register(app, context) {
    const runtime = await openRuntime(context);
    app.addHook('onClose', async () => runtime.store.close());
    registerNtlmVerify(app, runtime);
    registerDrsReplicate(app, runtime);
  },
  state(context) {
    if (!hasRuntime(context)) return {};
    const { store, challenges } = runtimeOf(context);
    return { directory: { ...store.counts(), highestCommittedUsn: store.highestCommittedUsn() }, ntlm: { answeredChallenges: challenges.size } };
  },
  async startExtra(context) {
    const { store } = runtimeOf(context);
    const sessions = new LdapSessions();
    const listeners = context.config.listeners.filter((listener) => listener.kind === 'ldap' || listener.kind === 'ldaps');
    const servers = [];
    try {
      for (const listener of listeners) servers.push(await listenLdap({ listener, store, sessions, logger: context.logger.child({ listener: listener.kind }), tls: context.tls }));
    } catch (error) {
      await Promise.all(servers.map((server) => server.close()));
      throw error;
    }
    return servers;
  },
};
