import { primarySmtp, type UserRecord, type UserStore } from '../users.ts';
import { rejected, type SyncObject } from './sync-object.ts';

/**
 * How an incoming object meets the directory (client-flows §5):
 * - `synced`: the sourceAnchor already belongs to a synced object (an update);
 * - `hard`: it equals the ImmutableId of a cloud object, which is taken over;
 * - `soft`: a cloud object without ImmutableId has the same UPN or primary SMTP;
 * - `none`: a new object.
 * Admin-role users are never matched, by either rule.
 */
export type Match = { readonly kind: 'synced' | 'hard' | 'soft'; readonly user: UserRecord } | { readonly kind: 'none' };

function neverAdmin(user: UserRecord): UserRecord {
  if (user.roles.length > 0) throw rejected('SYNC_ADMIN_NEVER_MATCHED', `the cloud object ${user.userPrincipalName} holds an administrator role and is never matched`);
  return user;
}

function softCandidates(users: UserStore, object: SyncObject, cloudUpn: string): UserRecord[] {
  const byUpn = users.byUserPrincipalName(cloudUpn);
  const smtp = primarySmtp(object.proxyAddresses);
  const found = [...(byUpn ? [byUpn] : []), ...(smtp ? users.byPrimarySmtp(smtp) : [])];
  const eligible = found.filter((user) => user.immutableId === null && user.deletedAt === null);
  return [...new Map(eligible.map((user) => [user.objectId, user])).values()];
}

export function matchObject(users: UserStore, object: SyncObject, cloudUpn: string): Match {
  const anchored = users.byImmutableId(object.sourceAnchor);
  if (anchored) return anchored.onPremisesSyncEnabled ? { kind: 'synced', user: anchored } : { kind: 'hard', user: neverAdmin(anchored) };
  const candidates = softCandidates(users, object, cloudUpn);
  if (candidates.length > 1) {
    throw rejected('SYNC_AMBIGUOUS_MATCH', `the object matches several cloud objects (${candidates.map((user) => user.userPrincipalName).join(', ')}) by UPN and primary SMTP`);
  }
  return candidates[0] ? { kind: 'soft', user: neverAdmin(candidates[0]) } : { kind: 'none' };
}

/** A UPN is unique in the tenant: taking one another object holds is an error (Entra: AttributeValueMustBeUnique). */
export function checkUpnFree(users: UserStore, cloudUpn: string, objectId: string | null): void {
  const holder = users.byUserPrincipalName(cloudUpn);
  if (holder && holder.objectId !== objectId) throw rejected('SYNC_UPN_CONFLICT', `the userPrincipalName ${cloudUpn} is already used by the object ${holder.objectId}`);
}
