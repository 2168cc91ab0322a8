import { randomUUID } from 'node:crypto';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { transaction, type Database } from '../../../../../shared/store/database.ts';
import type { TenantDirectory } from '../tenant.ts';
import { UserStore, type UserRecord } from '../users.ts';
import { checkUpnFree, matchObject } from './match.ts';
import { cloudUserPrincipalName } from './upn.ts';
import { parseSyncObject, type SyncObject, type SyncOutcome, type SyncResult } from './sync-object.ts';

export interface SyncContext {
  readonly database: Database;
  readonly directory: TenantDirectory;
  readonly users: UserStore;
  readonly now: Date;
}

/** The attributes on-premises owns; after a match they overwrite the cloud's (client-flows §5). */
function withOnPremisesValues(user: UserRecord, object: SyncObject, cloudUpn: string): UserRecord {
  return {
    ...user,
    userPrincipalName: cloudUpn,
    displayName: object.displayName,
    mail: object.mail,
    proxyAddresses: [...object.proxyAddresses],
    accountEnabled: object.accountEnabled,
    immutableId: object.sourceAnchor,
    onPremisesSyncEnabled: true,
    deletedAt: null,
  };
}

function newSyncedUser(object: SyncObject, cloudUpn: string, now: Date): UserRecord {
  const blank: UserRecord = {
    objectId: randomUUID(),
    userPrincipalName: cloudUpn,
    displayName: object.displayName,
    mail: null,
    proxyAddresses: [],
    accountEnabled: true,
    immutableId: null,
    onPremisesSyncEnabled: false,
    roles: [],
    credential: null,
    passwordExpiresAt: null,
    failedSignIns: 0,
    lockoutUntil: null,
    deletedAt: null,
    createdAt: now.getTime(),
  };
  return withOnPremisesValues(blank, object, cloudUpn);
}

/** A soft delete: the object stays (with its anchor, for a restore) but can no longer sign in. */
function deleteObject(context: SyncContext, object: SyncObject): SyncResult {
  const user = context.users.byImmutableId(object.sourceAnchor);
  if (!user || !user.onPremisesSyncEnabled || user.deletedAt !== null) return { sourceAnchor: object.sourceAnchor, outcome: 'unchanged', objectId: user?.objectId };
  context.users.save({ ...user, deletedAt: context.now.getTime() });
  return { sourceAnchor: object.sourceAnchor, outcome: 'deleted', objectId: user.objectId };
}

const outcomeOfMatch: Record<'synced' | 'hard' | 'soft', SyncOutcome> = { synced: 'updated', hard: 'hard-matched', soft: 'soft-matched' };

function upsertObject(context: SyncContext, object: SyncObject): SyncResult {
  const cloudUpn = cloudUserPrincipalName(context.directory, object.userPrincipalName);
  const match = matchObject(context.users, object, cloudUpn);
  if (match.kind === 'none') {
    checkUpnFree(context.users, cloudUpn, null);
    const user = newSyncedUser(object, cloudUpn, context.now);
    context.users.insert(user);
    return { sourceAnchor: object.sourceAnchor, outcome: 'added', objectId: user.objectId };
  }
  checkUpnFree(context.users, cloudUpn, match.user.objectId);
  const updated = withOnPremisesValues(match.user, object, cloudUpn);
  const changed = JSON.stringify(updated) !== JSON.stringify(match.user);
  if (changed) context.users.save(updated);
  const outcome = match.kind === 'synced' && !changed ? 'unchanged' : outcomeOfMatch[match.kind];
  return { sourceAnchor: object.sourceAnchor, outcome, objectId: updated.objectId };
}

/** Applies one incoming object in its own transaction; a rejected object becomes an `error` result. */
export function applySyncObject(context: SyncContext, raw: Record<string, unknown>): SyncResult {
  const anchor = typeof raw.sourceAnchor === 'string' ? raw.sourceAnchor : '';
  try {
    const object = parseSyncObject(raw);
    return transaction(context.database, () => (object.deleted ? deleteObject(context, object) : upsertObject(context, object)));
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    return { sourceAnchor: anchor, outcome: 'error', error: error.message };
  }
}
