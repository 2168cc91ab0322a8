import type { Logger } from 'pino';
import { bindRequired, insufficientAccessRights, noSuchObject, unwillingToPerform } from '../domain/ad-errors.ts';
import { findAccount } from '../domain/bind-name.ts';
import type { DirectoryUser } from '../domain/directory/model.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';
import { updateUser } from '../domain/directory/writes.ts';
import { dnKey } from '../domain/dn.ts';
import { bestMatch, directoryEntries } from '../domain/entries.ts';
import type { AttributeChange } from '../domain/modify/attribute-change.ts';
import { planUserModification } from '../domain/modify/plan.ts';
import type { LdapChange, LdapHandler, LdapRequest, LdapResponse, ModifyRequest } from './ldapjs.ts';
import { ldapOperation } from './result.ts';
import type { LdapSessions } from './session.ts';

/**
 * Modify (docs/identity.md, Modify): users only, checked and written as one
 * originating write. Add, delete and rename are refused: the lab's directory is the
 * seed's, edited in place.
 */
function toAttributeChange(change: LdapChange): AttributeChange {
  return { operation: change.operation, type: change.modification.type, values: change.modification.values, bytes: change.modification.buffers };
}

function boundUser(store: DirectoryStore, sessions: LdapSessions, request: LdapRequest): DirectoryUser {
  const user = sessions.userOf(store, request.connection);
  if (!user) throw bindRequired();
  return user;
}

function targetOf(store: DirectoryStore, actor: DirectoryUser, dn: string): DirectoryUser {
  const target = findAccount(store, { kind: 'dn', dn });
  if (target) return target;
  const entries = directoryEntries(store);
  if (!entries.some((entry) => entry.key === dnKey(dn))) throw noSuchObject(bestMatch(entries, dn));
  throw store.isDomainAdmin(actor) ? unwillingToPerform('the lab dc modifies users only') : insufficientAccessRights();
}

export function modifyHandler(store: DirectoryStore, sessions: LdapSessions, secure: boolean, logger: Logger): LdapHandler<ModifyRequest> {
  return ldapOperation<ModifyRequest, LdapResponse>(logger, async (request, response) => {
    const actor = boundUser(store, sessions, request);
    const target = targetOf(store, actor, request.object.toString());
    const update = await planUserModification({ actor: { user: actor, isDomainAdmin: store.isDomainAdmin(actor) }, target, changes: request.changes.map(toAttributeChange), secure });
    updateUser(store, target.objectGUID, update);
    response.end(0);
  });
}

/** Add, delete and modify DN: anonymous callers must bind, others lack the right, administrators are told the lab does not do it. */
export function unsupportedWriteHandler(store: DirectoryStore, sessions: LdapSessions, logger: Logger): LdapHandler<LdapRequest> {
  return ldapOperation<LdapRequest, LdapResponse>(logger, async (request) => {
    const actor = boundUser(store, sessions, request);
    throw store.isDomainAdmin(actor) ? unwillingToPerform('the lab dc does not add, delete or rename objects') : insufficientAccessRights();
  });
}
