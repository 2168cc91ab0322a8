import type { Socket } from 'node:net';
import { format } from 'node:util';
import type { Logger } from 'pino';
import type { Listener } from '../../../../shared/config/service-config.ts';
import type { KeyPair } from '../../../../shared/pki/index.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';
import { bindHandler } from './bind.ts';
import { acceptAdBindNames } from './bind-name-shim.ts';
import { ldapjs, type LdapLog, type LdapServer } from './ldapjs.ts';
import { modifyHandler, unsupportedWriteHandler } from './modify.ts';
import { searchHandler } from './search.ts';
import type { LdapSessions } from './session.ts';
import { whoAmIHandler, whoAmIOid } from './who-am-i.ts';

/**
 * One LDAP (389) or LDAPS (636) listener of the dc, served by ldapjs 3. Both share
 * the directory and the sessions; only LDAPS counts as a protected connection, which
 * unicodePwd requires.
 */
export interface LdapListenerOptions {
  readonly listener: Listener;
  readonly store: DirectoryStore;
  readonly sessions: LdapSessions;
  readonly logger: Logger;
  /** The dc's certificate and key; required for LDAPS. */
  readonly tls?: KeyPair;
}

export interface RunningLdapServer {
  readonly port: number;
  close(): Promise<void>;
}

/** ldapjs logs whole requests at debug level, bind passwords included: those levels are dropped. */
function ldapjsLog(logger: Logger): LdapLog {
  const at = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => logger[level](format(...args));
  return { trace: () => {}, debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

function createServer(options: LdapListenerOptions, sockets: Set<Socket>): LdapServer {
  const secure = options.listener.kind === 'ldaps';
  if (secure && !options.tls) throw new TypeError('an ldaps listener needs the dc certificate');
  const { store, sessions, logger } = options;
  const server: LdapServer = ldapjs.createServer({
    log: ldapjsLog(logger),
    ...(secure ? { certificate: options.tls!.certPem, key: options.tls!.keyPem, minVersion: 'TLSv1.2' as const } : {}),
    connectionRouter: (socket) => {
      // LDAP is request/response in small messages: without TCP_NODELAY a small TLS record
      // waits for the client's delayed ACK, about 40 ms per search after a bind (measured by
      // bench:freebusy; it was most of every Basic check and of AD FS's password sign-in).
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      route(socket);
    },
  });
  const route = acceptAdBindNames(server, (socket) => sessions.signOut(socket));
  server.bind('', bindHandler(store, sessions, logger));
  server.search('', searchHandler(store, sessions, logger));
  server.modify('', modifyHandler(store, sessions, secure, logger));
  server.exop(whoAmIOid, whoAmIHandler(store, sessions, logger));
  for (const operation of ['add', 'del', 'modifyDN'] as const) server[operation]('', unsupportedWriteHandler(store, sessions, logger));
  return server;
}

export async function listenLdap(options: LdapListenerOptions): Promise<RunningLdapServer> {
  const sockets = new Set<Socket>();
  const server = createServer(options, sockets);
  const { host, port } = options.listener;
  let listening = false;
  await new Promise<void>((resolve, reject) => {
    // ldapjs re-emits its socket's errors: a failed listen rejects, later ones (a
    // malformed message from one client) are logged; unheard, they would end the process.
    server.on('error', (error) => {
      if (!listening) return reject(error);
      options.logger.warn({ err: error }, `${options.listener.kind} protocol error`);
    });
    server.listen(port, host, () => {
      listening = true;
      resolve();
    });
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
