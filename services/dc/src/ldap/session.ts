import type { Socket } from 'node:net';
import type { DirectoryUser } from '../domain/directory/model.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';

/**
 * Who each LDAP connection is bound as. A connection starts anonymous, and every
 * bind request makes it anonymous again until that bind succeeds (RFC 4511 §4.2.1).
 * The user is read afresh on each operation, so a disable takes effect at once.
 */
export class LdapSessions {
  readonly #bound = new WeakMap<Socket, string>();

  signIn(socket: Socket, user: DirectoryUser): void {
    this.#bound.set(socket, user.objectGUID);
  }

  signOut(socket: Socket): void {
    this.#bound.delete(socket);
  }

  userOf(store: DirectoryStore, socket: Socket): DirectoryUser | undefined {
    const objectGUID = this.#bound.get(socket);
    return objectGUID === undefined ? undefined : store.userByGuid(objectGUID);
  }
}
