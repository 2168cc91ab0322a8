/**
 * The wire contract of the directory sync web service (docs/identity.md): what dirsync
 * sends for each user and what azure-auth answers. Both sides use these types.
 */
export interface DirectorySyncObject {
  /** The ImmutableID computed from the AD objectGUID. */
  readonly sourceAnchor: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean;
  /** A soft delete: the object left AD or left the sync scope. */
  readonly deleted?: boolean;
}

export type SyncOutcome = 'added' | 'updated' | 'soft-matched' | 'hard-matched' | 'deleted' | 'unchanged' | 'error';

export interface SyncResult {
  readonly sourceAnchor: string;
  readonly outcome: SyncOutcome;
  readonly objectId?: string;
  readonly error?: string;
}
