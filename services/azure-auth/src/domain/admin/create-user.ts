import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { TenantDirectory } from '../tenant.ts';
import { cloudUser } from '../seed-tenant.ts';
import type { UserRecord, UserStore } from '../users.ts';

/** `POST /<tenantId>/admin/users` (docs/identity.md, "Tenant admin"). */
export interface NewCloudUser {
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly password: string;
  readonly mail?: string;
  /**
   * Pre-stamps the ImmutableID, as `Set-MsolUser -ImmutableId` does, so the next sync
   * hard-matches this user (client-flows §5). An addition to docs/identity.md.
   */
  readonly immutableId?: string;
}

function badRequest(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, message });
}

function checkUserPrincipalName(directory: TenantDirectory, users: UserStore, userPrincipalName: string): void {
  if (!/^[^@\s]+@[^@\s]+$/.test(userPrincipalName)) throw badRequest('INVALID_UPN', `userPrincipalName "${userPrincipalName}" is not name@domain`);
  const domain = directory.domainOf(userPrincipalName);
  if (!domain) throw badRequest('DOMAIN_NOT_VERIFIED', `the domain of ${userPrincipalName} is not a verified domain of this tenant (${directory.domains().map((entry) => entry.name).join(', ')})`);
  if (domain.authentication === 'Federated') throw badRequest('DOMAIN_FEDERATED', `${domain.name} is federated: its users come from the on-premises directory through sync, not from here`);
  if (users.byUserPrincipalName(userPrincipalName)) throw new LabError({ code: 'OBJECT_CONFLICT', statusCode: 409, message: `another object already has the userPrincipalName ${userPrincipalName}` });
}

/** Entra's password rule: 8–256 characters with three of lower case, upper case, digits and symbols. */
function checkPasswordPolicy(password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw badRequest('PASSWORD_POLICY', 'the password must be 8 to 256 characters and use three of: lower case, upper case, digits, symbols');
  }
}

function checkImmutableId(users: UserStore, immutableId: string | undefined): void {
  if (immutableId === undefined) return;
  if (!/^\S{1,256}$/.test(immutableId)) throw badRequest('INVALID_IMMUTABLE_ID', 'immutableId must be one word');
  if (users.byImmutableId(immutableId)) throw new LabError({ code: 'OBJECT_CONFLICT', statusCode: 409, message: `another object already has the immutableId ${immutableId}` });
}

export async function createCloudUser(directory: TenantDirectory, users: UserStore, request: NewCloudUser, now: Date): Promise<UserRecord> {
  checkPasswordPolicy(request.password);
  const user = { ...(await cloudUser(request, now)), immutableId: request.immutableId ?? null };
  // The checks and the insert run without an await between them, so no other request slips in.
  checkUserPrincipalName(directory, users, request.userPrincipalName);
  checkImmutableId(users, request.immutableId);
  users.insert(user);
  return user;
}
