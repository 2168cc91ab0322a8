import { unicodePwdNeedsTls } from '../ad-errors.ts';
import type { DirectoryUser, UserUpdate } from '../directory/model.ts';
import { authorizeModification, type ModifyActor } from './access-control.ts';
import { isUnicodePwd, type AttributeChange } from './attribute-change.ts';
import { applyAttributeChanges } from './attributes.ts';
import { newPasswordHash, passwordOperationOf } from './unicode-pwd.ts';

/**
 * One LDAP modify of a user, checked in AD's order: unicodePwd only over a
 * protected connection (53), then access (50), then the values themselves. The
 * result is one UserUpdate, written as one USN.
 */
export interface ModifyInput {
  readonly actor: ModifyActor;
  readonly target: DirectoryUser;
  readonly changes: readonly AttributeChange[];
  /** Whether the connection is LDAPS. */
  readonly secure: boolean;
}

export async function planUserModification(input: ModifyInput): Promise<UserUpdate> {
  const passwordChanges = input.changes.filter(isUnicodePwd);
  if (passwordChanges.length > 0 && !input.secure) throw unicodePwdNeedsTls();
  const password = passwordChanges.length > 0 ? passwordOperationOf(passwordChanges) : undefined;
  authorizeModification(input.actor, input.target, input.changes, password);
  const attributes = applyAttributeChanges(input.target, input.changes.filter((change) => !isUnicodePwd(change)));
  const ntHash = password ? await newPasswordHash(input.target, password) : undefined;
  return { ...(Object.keys(attributes).length ? { attributes } : {}), ...(ntHash ? { ntHash } : {}) };
}
