/** Directory roles this lab knows, with the role template ids Entra puts in `wids`. */
export const roleTemplateIds = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  DirectorySynchronizationAccounts: 'd29b2b05-8046-44ba-8758-1e26182fcf32',
} as const;

export type DirectoryRole = keyof typeof roleTemplateIds;

export function isDirectoryRole(value: string): value is DirectoryRole {
  return Object.hasOwn(roleTemplateIds, value);
}

/** A user of the tenant directory (docs/identity.md, "users"). Times are epoch ms. */
export interface UserRecord {
  readonly objectId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean;
  /** The sourceAnchor of a synced user (client-flows §5); null for cloud-only users. */
  readonly immutableId: string | null;
  readonly onPremisesSyncEnabled: boolean;
  readonly roles: readonly DirectoryRole[];
  /** A PHS-format string (`v1;PPH1_MD4,…`), or null until a synced user's hash arrives. */
  readonly credential: string | null;
  readonly passwordExpiresAt: number | null;
  readonly failedSignIns: number;
  readonly lockoutUntil: number | null;
  readonly deletedAt: number | null;
  readonly createdAt: number;
}

/** The primary SMTP address of a user: its `SMTP:` proxyAddress (upper-case prefix marks the primary). */
export function primarySmtp(proxyAddresses: readonly string[]): string | undefined {
  return proxyAddresses.find((address) => address.startsWith('SMTP:'))?.slice(5);
}
