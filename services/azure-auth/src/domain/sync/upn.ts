import type { TenantDirectory } from '../tenant.ts';

/**
 * The UPN an object gets in the cloud: its own when the suffix is a verified domain,
 * else `<prefix>@<initial domain>`, as Azure AD does for unverified UPN suffixes
 * (docs/identity.md; entra-docs "UPN suffix not verified").
 */
export function cloudUserPrincipalName(directory: TenantDirectory, userPrincipalName: string): string {
  if (directory.domainOf(userPrincipalName)) return userPrincipalName;
  const prefix = userPrincipalName.slice(0, userPrincipalName.lastIndexOf('@'));
  return `${prefix}@${directory.tenant().initialDomain}`;
}
