import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError } from '../errors/lab-error.ts';

/**
 * The lab's seed (design §2): one editable YAML file with the pinned tenant, domains,
 * users, mailboxes and calendars. Services read it once, at first start, into their own
 * databases; later changes live there. A malformed seed names the setting and the entry.
 */
export type DomainAuthentication = 'Managed' | 'Federated';
export type MailboxLocation = 'onprem' | 'cloud';

export interface SeedDomain {
  readonly name: string;
  readonly authentication: DomainAuthentication;
}

export interface SeedCloudUser {
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly password: string;
  readonly mailbox?: boolean;
  readonly roles?: readonly string[];
}

export interface SeedTenant {
  readonly id: string;
  readonly displayName: string;
  readonly initialDomain: string;
  readonly routingDomain: string;
  readonly domains: readonly SeedDomain[];
  readonly syncAccount: { readonly userPrincipalName: string; readonly password: string };
  readonly cloudUsers: readonly SeedCloudUser[];
}

export interface SeedAdUser {
  readonly sAMAccountName: string;
  readonly userPrincipalName: string;
  readonly givenName?: string;
  readonly sn?: string;
  readonly displayName: string;
  readonly objectGUID: string;
  readonly password: string;
  readonly mail?: string;
  readonly mailbox?: MailboxLocation;
  readonly passwordExpired?: boolean;
  readonly disabled?: boolean;
  /** isCriticalSystemObject (the built-in Administrator): never synchronized to the cloud. */
  readonly criticalSystemObject?: boolean;
}

export interface SeedAdGroup {
  readonly sAMAccountName: string;
  readonly objectGUID: string;
  readonly members: readonly string[];
}

export interface SeedActiveDirectory {
  readonly forest: string;
  readonly netbios: string;
  readonly baseDn: string;
  readonly upnSuffixes: readonly string[];
  readonly syncServiceAccount: { readonly sAMAccountName: string; readonly password: string };
  readonly users: readonly SeedAdUser[];
  readonly groups: readonly SeedAdGroup[];
}

export interface SeedEvent {
  readonly subject: string;
  /** HH:MM, UTC, on every lab day. */
  readonly start: string;
  readonly end: string;
  readonly location?: string;
}

export interface SeedMessage {
  readonly from: string;
  readonly subject: string;
  readonly body: string;
}

export interface SeedMailbox {
  readonly calendar: readonly SeedEvent[];
  readonly inbox: readonly SeedMessage[];
  readonly calendarPermissions?: Readonly<Record<string, string>>;
}

export interface Seed {
  readonly tenant: SeedTenant;
  readonly activeDirectory: SeedActiveDirectory;
  readonly mailboxes: Readonly<Record<string, SeedMailbox>>;
}

export const defaultSeedFile = fileURLToPath(new URL('../../seed/lab-seed.yaml', import.meta.url));

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

function check(condition: unknown, problem: string): asserts condition {
  if (!condition) throw new ConfigError('LAB_SEED', problem);
}

function validate(seed: Seed): Seed {
  check(seed?.tenant && seed.activeDirectory && seed.mailboxes, 'needs tenant, activeDirectory and mailboxes sections');
  check(guidPattern.test(seed.tenant.id), `has tenant.id "${seed.tenant.id}", which is not a GUID`);
  for (const domain of seed.tenant.domains) {
    check(domain.authentication === 'Managed' || domain.authentication === 'Federated', `has domain ${domain.name} with authentication "${domain.authentication}"; expected Managed or Federated`);
  }
  const suffixes = new Set(seed.activeDirectory.upnSuffixes.map((suffix) => suffix.toLowerCase()));
  const names = new Set<string>();
  for (const user of seed.activeDirectory.users) {
    check(guidPattern.test(user.objectGUID), `has user ${user.sAMAccountName} with objectGUID "${user.objectGUID}", which is not a GUID`);
    check(suffixes.has(user.userPrincipalName.split('@')[1]?.toLowerCase() ?? ''), `has user ${user.sAMAccountName} whose UPN suffix is not one of ${[...suffixes].join(', ')}`);
    check(typeof user.password === 'string', `has user ${user.sAMAccountName} without a password`);
    check(!names.has(user.sAMAccountName.toLowerCase()), `has two users named ${user.sAMAccountName}`);
    names.add(user.sAMAccountName.toLowerCase());
  }
  for (const group of seed.activeDirectory.groups) {
    check(guidPattern.test(group.objectGUID), `has group ${group.sAMAccountName} with objectGUID "${group.objectGUID}", which is not a GUID`);
    for (const member of group.members) check(names.has(member.toLowerCase()), `has group ${group.sAMAccountName} with unknown member ${member}`);
  }
  for (const [owner, mailbox] of Object.entries(seed.mailboxes)) {
    for (const event of mailbox.calendar) check(timePattern.test(event.start) && timePattern.test(event.end) && event.start < event.end, `has event "${event.subject}" of ${owner} with bad times ${event.start}–${event.end}`);
  }
  return seed;
}

/** Reads and validates the seed; `file` defaults to seed/lab-seed.yaml (LAB_SEED overrides it in services). */
export function loadSeed(file: string = defaultSeedFile): Seed {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('LAB_SEED', `points at ${file}, which cannot be read as YAML: ${(error as Error).message}`);
  }
  return validate(document as Seed);
}
