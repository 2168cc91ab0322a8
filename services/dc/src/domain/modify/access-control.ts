import { insufficientAccessRights, unwillingToPerform } from '../ad-errors.ts';
import type { DirectoryUser } from '../directory/model.ts';
import { isUnicodePwd, type AttributeChange } from './attribute-change.ts';
import { editableAttributeNames } from './attributes.ts';
import type { PasswordOperation } from './unicode-pwd.ts';

/**
 * Who may modify what (docs/identity.md, Modify): a user may change their own
 * password; Domain Admins may reset any password and edit the listed attributes;
 * everyone else gets insufficientAccessRights. Attributes outside the list are
 * refused for everyone, administrators included, as the lab does not model them.
 */
export const adminModifiable: ReadonlySet<string> = new Set(Object.keys(editableAttributeNames));

export interface ModifyActor {
  readonly user: DirectoryUser;
  readonly isDomainAdmin: boolean;
}

export function authorizeModification(actor: ModifyActor, target: DirectoryUser, changes: readonly AttributeChange[], password: PasswordOperation | undefined): void {
  const ownPasswordChange = password?.kind === 'change' && actor.user.objectGUID === target.objectGUID;
  const others = changes.filter((change) => !isUnicodePwd(change));
  if (!actor.isDomainAdmin) {
    if (ownPasswordChange && others.length === 0) return;
    throw insufficientAccessRights();
  }
  const unsupported = others.find((change) => !adminModifiable.has(change.type.toLowerCase()));
  if (unsupported) throw unwillingToPerform(`the lab dc does not modify ${unsupported.type}`);
}
