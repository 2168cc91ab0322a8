import { AndFilter, EqualityFilter, InvalidCredentialsError, ResultCodeError, type Client, type Filter } from 'ldapts';
import { LabError } from '../errors/lab-error.ts';
import type { Vantage } from '../http/route.ts';
import { bytesToGuid } from '../identity/immutable-id.ts';
import { ports } from '../topology/index.ts';
import { openLdaps } from './client.ts';

/**
 * A password checked against the dc the way Windows servers outside the dc do it for a
 * Basic or forms sign-in (docs/federation.md, "AD FS"; AD FS and Exchange on-premises
 * both use it): a simple bind over LDAPS as the user, from the caller's own vantage,
 * whose diagnostic `data` code decides a refusal; then, bound as that user, a search for
 * its objectGUID, UPN and down-level name. A refused logon is a result; a dc that
 * cannot be reached throws a LabError naming the hop.
 */
export interface DirectoryTarget {
  /** The dc's name on corp: `dc.contoso.test` (docs/identity.md, dc). */
  readonly host: string;
  /** The naming context searched for the user: `DC=contoso,DC=test` (docs/identity.md, dc). */
  readonly baseDn: string;
  /** How long one LDAP operation may take before the dc counts as unreachable: 10 s, a lab choice. */
  readonly timeoutMs: number;
}

export interface DirectoryUser {
  /** The GUID string of the user's objectGUID. */
  readonly objectGUID: string;
  readonly userPrincipalName: string;
  /** The down-level logon name, when the dc said it. */
  readonly sAMAccountName?: string;
}

/** Why the dc refused a logon, as its bind diagnostic says (docs/identity.md, dc: the `data` codes). */
export type DirectoryLogonFailure = 'no-such-user' | 'bad-password' | 'account-disabled' | 'password-expired' | 'password-must-change';

export const logonFailureByDataCode: Readonly<Record<string, DirectoryLogonFailure>> = {
  '525': 'no-such-user',
  '52e': 'bad-password',
  '533': 'account-disabled',
  '532': 'password-expired',
  '773': 'password-must-change',
};

export type DirectoryLogon = { readonly ok: true; readonly user: DirectoryUser } | { readonly ok: false; readonly failure: DirectoryLogonFailure };

/** AD's bind diagnostic, e.g. `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563`. */
const dataCodePattern = /\bdata ([0-9a-f]{1,8}),/i;

function logonFailureOf(error: InvalidCredentialsError): DirectoryLogonFailure {
  const data = dataCodePattern.exec(error.message)?.[1]?.toLowerCase();
  // A diagnostic the lab does not know is still a refused logon: never a success.
  return (data && logonFailureByDataCode[data]) || 'bad-password';
}

/** The user's own entry: by UPN, or by sAMAccountName for a down-level `CONTOSO\name`. */
function userFilter(username: string): Filter {
  const downLevel = /^[^\\]+\\(.+)$/.exec(username);
  const match = downLevel ? new EqualityFilter({ attribute: 'sAMAccountName', value: downLevel[1]! }) : new EqualityFilter({ attribute: 'userPrincipalName', value: username });
  return new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), match] });
}

function directoryFailed(directory: DirectoryTarget, from: string, error: unknown): LabError {
  if (error instanceof LabError) return error;
  const hop = `${from} → ${directory.host}:${ports.ldaps}`;
  if (error instanceof ResultCodeError) {
    return new LabError({ code: 'DIRECTORY_ERROR', statusCode: 502, expose: true, message: `the dc answered LDAP result ${error.code}`, hop, cause: error });
  }
  return new LabError({ code: 'DC_UNREACHABLE', statusCode: 503, expose: true, message: `the dc ${directory.host} cannot be reached over LDAPS`, hop, cause: error });
}

async function readUser(client: Client, directory: DirectoryTarget, username: string): Promise<DirectoryLogon> {
  const { searchEntries } = await client.search(directory.baseDn, {
    scope: 'sub',
    filter: userFilter(username),
    attributes: ['objectGUID', 'userPrincipalName', 'sAMAccountName'],
    explicitBufferAttributes: ['objectGUID'],
    sizeLimit: 2,
  });
  const [entry, ...others] = searchEntries;
  const guid = entry?.objectGUID;
  const upn = entry?.userPrincipalName;
  // A name that bound but is not one user's UPN or down-level name (a DN, say) is refused.
  if (!entry || others.length || !Buffer.isBuffer(guid) || typeof upn !== 'string') return { ok: false, failure: 'no-such-user' };
  const sam = entry.sAMAccountName;
  return { ok: true, user: { objectGUID: bytesToGuid(guid), userPrincipalName: upn, ...(typeof sam === 'string' ? { sAMAccountName: sam } : {}) } };
}

export async function checkDirectoryPassword(vantage: Vantage, ca: string, directory: DirectoryTarget, username: string, password: string): Promise<DirectoryLogon> {
  // RFC 4513 §5.1.2: a name with an empty password is an unauthenticated bind, which succeeds.
  if (password === '' || username === '') return { ok: false, failure: 'bad-password' };
  let client: Client | undefined;
  try {
    client = await openLdaps(vantage, { host: directory.host, ca, timeoutMs: directory.timeoutMs });
    try {
      await client.bind(username, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { ok: false, failure: logonFailureOf(error) };
      throw error;
    }
    return await readUser(client, directory, username);
  } catch (error) {
    throw directoryFailed(directory, vantage.from, error);
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}
