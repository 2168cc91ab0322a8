import { AndFilter, EqualityFilter, InvalidCredentialsError, ResultCodeError, type Client, type Filter } from 'ldapts';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { Vantage } from '../../../../../shared/http/route.ts';
import { bytesToGuid } from '../../../../../shared/identity/immutable-id.ts';
import { openLdaps } from '../../../../../shared/ldap/client.ts';
import { ports } from '../../../../../shared/topology/index.ts';
import type { DirectoryTarget } from '../../config.ts';
import { logonFailureByDataCode, type CredentialCheck, type CredentialChecker, type LogonFailure } from './credential-checker.ts';

/** AD's bind diagnostic, e.g. `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563`. */
const dataCodePattern = /\bdata ([0-9a-f]{1,8}),/i;

function logonFailureOf(error: InvalidCredentialsError): LogonFailure {
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

async function readUser(client: Client, directory: DirectoryTarget, username: string): Promise<CredentialCheck> {
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
  // A name that bound but is not one user's UPN or down-level name (a DN, say) gets no token.
  if (!entry || others.length || !Buffer.isBuffer(guid) || typeof upn !== 'string') return { ok: false, failure: 'no-such-user' };
  const sam = entry.sAMAccountName;
  return { ok: true, user: { objectGUID: bytesToGuid(guid), userPrincipalName: upn, ...(typeof sam === 'string' ? { sAMAccountName: sam } : {}) } };
}

/**
 * The credential check against the dc (docs/federation.md, "AD FS"): a simple bind
 * over LDAPS as the user from AD FS's own vantage, whose diagnostic `data` code
 * decides a refusal; then, bound as that user, a search for its objectGUID, UPN and
 * down-level name.
 */
export function createLdapCredentialChecker(vantage: Vantage, ca: string, directory: DirectoryTarget): CredentialChecker {
  return {
    async check(username, password) {
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
    },
  };
}
