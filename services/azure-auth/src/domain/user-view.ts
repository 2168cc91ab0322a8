import type { UserRecord } from './users.ts';

/** A user as the sync and admin APIs show it: never the credential or lockout state. */
export interface UserView {
  readonly objectId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean;
  readonly immutableId: string | null;
  readonly onPremisesSyncEnabled: boolean;
  readonly roles: readonly string[];
  readonly hasPassword: boolean;
  readonly deleted: boolean;
  readonly createdDateTime: string;
}

export function userView(user: UserRecord): UserView {
  return {
    objectId: user.objectId,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    mail: user.mail,
    proxyAddresses: user.proxyAddresses,
    accountEnabled: user.accountEnabled,
    immutableId: user.immutableId,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    roles: user.roles,
    hasPassword: user.credential !== null,
    deleted: user.deletedAt !== null,
    createdDateTime: new Date(user.createdAt).toISOString(),
  };
}
