import type { Logger } from 'pino';
import type { DirectoryStore } from '../domain/directory/store.ts';
import type { ExtendedResponse, LdapHandler, LdapRequest } from './ldapjs.ts';
import { ldapOperation } from './result.ts';
import type { LdapSessions } from './session.ts';

/**
 * The "Who am I?" extended operation (RFC 4532), which ldapwhoami sends: AD answers
 * with the down-level name, `u:CONTOSO\mary`, and an empty value when anonymous.
 */
export const whoAmIOid = '1.3.6.1.4.1.4203.1.11.3';

export function whoAmIHandler(store: DirectoryStore, sessions: LdapSessions, logger: Logger): LdapHandler<LdapRequest, ExtendedResponse> {
  return ldapOperation<LdapRequest, ExtendedResponse>(logger, async (request, response) => {
    const user = sessions.userOf(store, request.connection);
    response.responseValue = user ? `u:${store.naming.netbios}\\${user.sAMAccountName}` : '';
    response.end(0);
  });
}
