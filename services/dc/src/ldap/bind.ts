import type { Logger } from 'pino';
import { authenticate } from '../domain/authenticate.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';
import { bindNameOf } from './bind-name-shim.ts';
import type { BindRequest, LdapHandler, LdapResponse } from './ldapjs.ts';
import { ldapOperation } from './result.ts';
import type { LdapSessions } from './session.ts';

/**
 * Simple bind by DN, UPN or down-level name (docs/identity.md, Bind). A name with an
 * empty password is an unauthenticated bind (RFC 4513 §5.1.2), which AD, like the
 * lab, answers with success and leaves the connection anonymous. SASL binds never
 * reach here: ldapjs 3 parses simple binds only and answers others protocolError.
 */
export function bindHandler(store: DirectoryStore, sessions: LdapSessions, logger: Logger): LdapHandler<BindRequest> {
  return ldapOperation<BindRequest, LdapResponse>(logger, async (request, response) => {
    if (request.credentials !== '') sessions.signIn(request.connection, await authenticate(store, bindNameOf(request), request.credentials));
    response.end(0);
  });
}
