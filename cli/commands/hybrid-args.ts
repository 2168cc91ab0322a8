import { availabilityAccessMethods, freeBusyAccessLevels, type AvailabilityAddressSpace, type FreeBusyAccessLevel } from '../../shared/hybrid-config/objects.ts';
import { addressSpace } from './hybrid-plan.ts';

/**
 * `lab hybrid`'s command line read into one command, or the one thing wrong with it
 * (a usage error, exit 2). Each action names the options it takes; any other is refused,
 * as a cmdlet refuses a parameter it does not know.
 */
export type Side = 'onprem' | 'online';

export type HybridCommand =
  | { readonly action: 'configure'; readonly ioc: boolean }
  | { readonly action: 'show'; readonly json: boolean }
  | { readonly action: 'set-ioc'; readonly sides: readonly Side[]; readonly enabled: boolean }
  | { readonly action: 'set-orgrel'; readonly sides: readonly Side[]; readonly enabled?: boolean; readonly level?: FreeBusyAccessLevel }
  | { readonly action: 'address-space-add'; readonly side: Side; readonly space: AvailabilityAddressSpace }
  | { readonly action: 'address-space-remove'; readonly side: Side; readonly forest: string };

export interface HybridOptions {
  readonly json?: boolean;
  readonly 'no-ioc'?: boolean;
  readonly enabled?: string;
  readonly level?: string;
  readonly side?: string;
  readonly forest?: string;
  readonly user?: string;
  readonly password?: string;
  readonly 'access-method'?: string;
  readonly autodiscover?: string;
}

type Read = { readonly command: HybridCommand } | { readonly problem: string };

/** The options each action takes, besides `--as` and `--admin-password`, which every action takes. */
const takes: Readonly<Record<HybridCommand['action'], readonly (keyof HybridOptions)[]>> = {
  configure: ['no-ioc'],
  show: ['json'],
  'set-ioc': ['enabled', 'side'],
  'set-orgrel': ['enabled', 'level', 'side'],
  'address-space-add': ['side', 'forest', 'user', 'password', 'access-method', 'autodiscover'],
  'address-space-remove': ['side', 'forest'],
};

/** Thrown by the readers below, caught in readHybridCommand: never leaves this file. */
class UsageError extends Error {}

const forestPattern = /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const httpsUrl = /^https:\/\/[^\s/]+(\/\S*)?$/;

function actionOf(positionals: readonly string[]): HybridCommand['action'] | undefined {
  const [verb, object, ...extra] = positionals;
  if (extra.length > 0) return undefined;
  if ((verb === 'configure' || verb === 'show') && object === undefined) return verb;
  if (verb === 'set' && (object === 'ioc' || object === 'orgrel')) return `set-${object}`;
  if (verb === 'address-space' && (object === 'add' || object === 'remove')) return `address-space-${object}`;
  return undefined;
}

function enabledOf(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError(`--enabled is "${value}"; expected true or false`);
  return value === 'true';
}

function sidesOf(value: string | undefined): readonly Side[] {
  if (value === undefined || value === 'both') return ['onprem', 'online'];
  if (value !== 'onprem' && value !== 'online') throw new UsageError(`--side is "${value}"; expected onprem, online or both`);
  return [value];
}

function sideOf(value: string | undefined): Side {
  if (value === undefined) throw new UsageError('--side is missing; expected onprem or online');
  if (value !== 'onprem' && value !== 'online') throw new UsageError(`--side is "${value}"; expected onprem or online`);
  return value;
}

function forestOf(value: string | undefined): string {
  if (value === undefined) throw new UsageError("--forest is missing; name the other organization's domain, e.g. contoso.mail.onmicrosoft.test");
  if (!forestPattern.test(value) || value.length > 253) throw new UsageError(`--forest is "${value}"; expected a domain name`);
  return value;
}

function readSetIoc(options: HybridOptions): HybridCommand {
  const enabled = enabledOf(options.enabled);
  if (enabled === undefined) throw new UsageError('--enabled is missing; expected true or false');
  return { action: 'set-ioc', sides: sidesOf(options.side), enabled };
}

function readSetOrgRel(options: HybridOptions): HybridCommand {
  const enabled = enabledOf(options.enabled);
  const level = options.level === undefined ? undefined : freeBusyAccessLevels.find((candidate) => candidate === options.level);
  if (options.level !== undefined && level === undefined) throw new UsageError(`--level is "${options.level}"; expected ${freeBusyAccessLevels.join(', ')}`);
  if (enabled === undefined && level === undefined) throw new UsageError('say what to set: --enabled true|false, --level None|AvailabilityOnly|LimitedDetails, or both');
  return { action: 'set-orgrel', sides: sidesOf(options.side), ...(enabled === undefined ? {} : { enabled }), ...(level === undefined ? {} : { level }) };
}

/** Add-AvailabilityAddressSpace: OrgWideFB and PerUserFB sign in to the other forest with the credentials given. */
function readAddressSpaceAdd(options: HybridOptions): HybridCommand {
  const side = sideOf(options.side);
  const forest = forestOf(options.forest);
  const method = availabilityAccessMethods.find((candidate) => candidate === (options['access-method'] ?? 'OrgWideFB'));
  if (!method) throw new UsageError(`--access-method is "${options['access-method']}"; expected ${availabilityAccessMethods.join(', ')}`);
  const needsCredentials = method === 'OrgWideFB' || method === 'PerUserFB';
  if ((options.user === undefined) !== (options.password === undefined) || (needsCredentials && options.user === undefined)) {
    throw new UsageError(`--user and --password ${needsCredentials ? `are needed for ${method}: the account that signs in to ${forest} with Basic` : 'go together'}`);
  }
  if (options.user !== undefined && !/^\S{1,256}$/.test(options.user)) throw new UsageError(`--user is "${options.user}"; expected a user name without spaces`);
  if (options.password === '') throw new UsageError('--password is empty');
  if (options.autodiscover !== undefined && !httpsUrl.test(options.autodiscover)) throw new UsageError(`--autodiscover is "${options.autodiscover}"; expected an https:// URL`);
  const credentials = options.user !== undefined && options.password !== undefined ? { user: options.user, password: options.password } : undefined;
  return { action: 'address-space-add', side, space: addressSpace({ forest, accessMethod: method, credentials, autodiscover: options.autodiscover }) };
}

function readAddressSpaceRemove(options: HybridOptions): HybridCommand {
  return { action: 'address-space-remove', side: sideOf(options.side), forest: forestOf(options.forest) };
}

const readers: Readonly<Record<HybridCommand['action'], (options: HybridOptions) => HybridCommand>> = {
  configure: (options) => ({ action: 'configure', ioc: !options['no-ioc'] }),
  show: (options) => ({ action: 'show', json: options.json === true }),
  'set-ioc': readSetIoc,
  'set-orgrel': readSetOrgRel,
  'address-space-add': readAddressSpaceAdd,
  'address-space-remove': readAddressSpaceRemove,
};

/** Flags that parseArgs fills in by default (booleans) count as given only when true. */
function given(options: HybridOptions): (keyof HybridOptions)[] {
  return (Object.keys(options) as (keyof HybridOptions)[]).filter((name) => options[name] !== undefined && options[name] !== false);
}

export function readHybridCommand(positionals: readonly string[], options: HybridOptions): Read {
  const action = actionOf(positionals);
  if (!action) return { problem: positionals.length ? `"${positionals.join(' ')}" is not a lab hybrid command` : 'name a command' };
  const stray = given(options).find((name) => !takes[action].includes(name));
  if (stray) return { problem: `--${stray} does not apply to lab hybrid ${positionals.join(' ')}` };
  try {
    return { command: readers[action](options) };
  } catch (error) {
    if (error instanceof UsageError) return { problem: error.message };
    throw error;
  }
}
