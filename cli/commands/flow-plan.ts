import { journeyIn, type CrossPremisesPath, type HopId, type HopSummary } from '../../shared/cross-premises/hops.ts';
import { requestedViews } from '../../shared/ews/availability/read-request.ts';
import type { Seed } from '../../shared/seed/seed.ts';
import type { AvailabilityAnswer } from './flow-availability.ts';

/**
 * What `lab flow F10|F11|F12|F13` means (design §3; server-flows §1.9): who asks which
 * Exchange, from where, and which way that Exchange should take to the other
 * organization; then, from the answer and the hops the Exchange recorded, whether it did.
 * Pure values and functions, so the judgement is testable without a lab.
 */
export const flowIds = ['F10', 'F11', 'F12', 'F13'] as const;
export type FlowId = (typeof flowIds)[number];

export interface FlowDefinition {
  readonly id: FlowId;
  readonly title: string;
  readonly path: CrossPremisesPath;
  /** The Exchange the requester asks (its own), and where its EWS and `/_lab/state` are. */
  readonly server: 'exchange-onprem' | 'exchange-online';
  readonly origin: string;
  /** Where a requester of that Exchange stands by default. */
  readonly network: 'corp' | 'internet';
  readonly requester: string;
  readonly target: string;
  /** The issue's words for the hops, in order. */
  readonly steps: string;
}

const onprem = { server: 'exchange-onprem', origin: 'https://mail.contoso.test', network: 'corp', requester: 'mary@contoso.test', target: 'joe@contoso.test' } as const;
const online = { server: 'exchange-online', origin: 'https://outlook.office365.test', network: 'internet', requester: 'joe@contoso.test', target: 'mary@contoso.test' } as const;
const oauthSteps = 'IOC lookup, anonymous autodiscover and 401, app token, autodiscover with token, EWS token, outer token for the user, availability';

export const flows: Readonly<Record<FlowId, FlowDefinition>> = {
  F10: { id: 'F10', title: 'free/busy on-premises → cloud over OAuth (IntraOrganizationConnector)', path: 'oauth', ...onprem, steps: oauthSteps },
  F11: { id: 'F11', title: 'free/busy cloud → on-premises over OAuth (IntraOrganizationConnector), inbound through the edge', path: 'oauth', ...online, steps: oauthSteps },
  F12: {
    id: 'F12',
    title: 'free/busy on-premises → cloud over DAuth (OrganizationRelationship, federation gateway)',
    path: 'dauth',
    ...onprem,
    steps: 'IOC lookup finds none, OrgRel; GetFederationInformation, delegation token from the gateway, autodiscover and availability over WSSecurity',
  },
  F13: {
    id: 'F13',
    title: 'cross-forest availability, legacy (AvailabilityAddressSpace with a service account over Basic)',
    path: 'legacy',
    ...onprem,
    steps: 'no IOC, no OrgRel, the address space; autodiscover and availability with the service account over Basic',
  },
};

/** The hops of each path in order (hops.ts). */
export const expectedHops: Readonly<Record<CrossPremisesPath, readonly HopId[]>> = {
  oauth: ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result'],
  dauth: ['path-lookup', 'federation-information', 'delegation-token', 'autodiscover-wssecurity', 'availability-wssecurity', 'result'],
  legacy: ['path-lookup', 'autodiscover-basic', 'availability-basic', 'result'],
};

export const pathNames: Readonly<Record<CrossPremisesPath, string>> = { oauth: 'OAuth', dauth: 'DAuth', legacy: 'legacy (address space)' };

/** "the OAuth path", or "no cross-premises path" when the lookup found none. */
export const thePath = (path: CrossPremisesPath | 'none'): string => (path === 'none' ? 'no cross-premises path' : `the ${pathNames[path]} path`);

/** What to change so the Exchange takes the path a flow means (server-flows §1.9: IOC, then OrgRel, then address space). */
export const pathHints: Readonly<Record<CrossPremisesPath, string>> = {
  oauth: 'F10 and F11 go over OAuth when an enabled IntraOrganizationConnector lists the target domain: lab hybrid configure, or lab hybrid set ioc --enabled true',
  dauth: 'F12 goes over DAuth only with the IntraOrganizationConnectors off and an enabled OrganizationRelationship for the domain: lab hybrid set ioc --enabled false (and lab hybrid set orgrel --enabled true)',
  legacy:
    'F13 goes the legacy way only with no IOC and no OrganizationRelationship for the domain, and an availability address space for it: lab hybrid set ioc --enabled false; lab hybrid set orgrel --enabled false; ' +
    'lab hybrid address-space add --side onprem --forest contoso.mail.onmicrosoft.test --user <cloud account> --password <its password>',
};

export interface FlowOptions {
  readonly as?: string;
  readonly for?: string;
  readonly password?: string;
  readonly date?: string;
  readonly view?: string;
  readonly from?: string;
}

export interface FlowRequest {
  readonly flow: FlowDefinition;
  readonly requester: string;
  readonly password: string;
  readonly mailboxes: readonly string[];
  readonly day: string;
  readonly view: string;
  readonly from: 'corp' | 'internet' | undefined;
}

const address = /^[^\s@<>&"']{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const maxMailboxes = 100;

/** The seed's initial password of `user` (AD users, then cloud-only users). */
export function seedPassword(seed: Seed, user: string): string | undefined {
  const wanted = user.toLowerCase();
  const ad = seed.activeDirectory.users.find((candidate) => candidate.userPrincipalName.toLowerCase() === wanted || candidate.mail?.toLowerCase() === wanted);
  return ad?.password ?? seed.tenant.cloudUsers.find((candidate) => candidate.userPrincipalName.toLowerCase() === wanted)?.password;
}

function validDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(Date.parse(`${day}T00:00:00Z`)).toISOString().slice(0, 10) === day;
}

/** Whether `user` has their mailbox in Exchange Online (a seed AD user with `mailbox: cloud`, or a cloud user with a mailbox). */
export function hasCloudMailbox(seed: Seed, user: string): boolean {
  const wanted = user.toLowerCase();
  const ad = seed.activeDirectory.users.find((candidate) => candidate.userPrincipalName.toLowerCase() === wanted || candidate.mail?.toLowerCase() === wanted);
  if (ad) return ad.mailbox === 'cloud';
  return seed.tenant.cloudUsers.some((candidate) => candidate.userPrincipalName.toLowerCase() === wanted && candidate.mailbox === true);
}

/**
 * F12 and F13 name a path, not a direction: asked by a user whose mailbox is in the cloud
 * (`--as joe@contoso.test`), they run cloud → on-premises, through Exchange Online and in
 * through the edge — the direction in which the edge sees the token.
 */
function directionFor(flow: FlowDefinition, requester: string, seed: Seed): FlowDefinition {
  if ((flow.id !== 'F12' && flow.id !== 'F13') || !hasCloudMailbox(seed, requester)) return flow;
  return { ...flow, ...online, title: flow.title.replace('on-premises → cloud', 'cloud → on-premises') };
}

/** The request a command line asks for, or the one problem with it (a usage error). */
export function readFlowRequest(id: string | undefined, options: FlowOptions, seed: Seed, today: string): { request: FlowRequest } | { problem: string } {
  if (!id) return { problem: 'name a flow: F10, F11, F12 or F13' };
  const named = flows[id.toUpperCase() as FlowId];
  if (!named) return { problem: `"${id}" is not a free/busy flow; expected F10, F11, F12 or F13` };
  const requester = options.as ?? named.requester;
  const flow = directionFor(named, requester, seed);
  if (!address.test(requester)) return { problem: `--as is "${requester}"; expected a user's address, e.g. ${flow.requester}` };
  const mailboxes = (options.for ?? flow.target).split(',').map((mailbox) => mailbox.trim()).filter(Boolean);
  const bad = mailboxes.find((mailbox) => !address.test(mailbox));
  if (mailboxes.length === 0 || bad !== undefined) return { problem: `--for is "${options.for ?? ''}"; expected mailbox addresses separated by commas, e.g. ${flow.target}` };
  if (mailboxes.length > maxMailboxes) return { problem: `--for names ${mailboxes.length} mailboxes; GetUserAvailability takes at most ${maxMailboxes}` };
  const password = options.password ?? seedPassword(seed, requester);
  if (password === undefined) return { problem: `the seed has no password for ${requester}; pass --password` };
  const day = options.date ?? today;
  if (!validDay(day)) return { problem: `--date is "${day}"; expected a day as YYYY-MM-DD` };
  const view = options.view ?? 'DetailedMerged';
  if (!(requestedViews as readonly string[]).includes(view)) return { problem: `--view is "${view}"; expected one of ${requestedViews.join(', ')}` };
  if (options.from !== undefined && options.from !== 'corp' && options.from !== 'internet') return { problem: `--from is "${options.from}"; expected internet or corp` };
  return { request: { flow, requester, password, mailboxes, day, view, from: options.from } };
}

/** The hops of one request in the Exchange's trace (`/_lab/state` → `recent`), in step order. */
export const journeyOf = journeyIn;

/** The path the Exchange chose: what its path lookup decided, else the first hop that names one. */
export function pathTaken(hops: readonly HopSummary[]): CrossPremisesPath | 'none' {
  const lookup = hops.find((hop) => hop.hop === 'path-lookup');
  if (lookup) return lookup.path;
  return hops.find((hop) => hop.path !== 'none')?.path ?? 'none';
}

export interface Verdict {
  readonly ok: boolean;
  readonly path: CrossPremisesPath | 'none';
  /** The Exchange answered every mailbox itself: no cross-premises request was made. */
  readonly servedLocally: boolean;
  /** What went wrong, in the order it happened, each naming its hop (a path mismatch is `pathMismatch`). */
  readonly problems: readonly string[];
  readonly pathMismatch?: { readonly expected: CrossPremisesPath; readonly taken: CrossPremisesPath | 'none'; readonly hint: string };
}

/** Whether the flow ran as its id means: the request answered, every mailbox answered, no hop failed, the path the flow names. */
export function judge(flow: FlowDefinition, answer: AvailabilityAnswer, hops: readonly HopSummary[] | undefined, journeyProblem?: string): Verdict {
  const problems: string[] = [];
  if (answer.kind === 'failed') {
    problems.push(`client → ${flow.server} (EWS): HTTP ${answer.status}${answer.responseCode ? ` ${answer.responseCode}` : ''}: ${answer.message}`);
  } else {
    for (const mailbox of answer.mailboxes) if (mailbox.kind === 'error') problems.push(`${mailbox.mailbox}: ${mailbox.responseCode}${mailbox.messageText ? ` — ${mailbox.messageText}` : ''}`);
  }
  if (journeyProblem) problems.push(`${flow.server} /_lab/state: ${journeyProblem}`);
  const journey = hops ?? [];
  for (const hop of journey.filter((candidate) => !candidate.ok)) problems.push(`hop ${hop.step} (${hop.hop}) failed: ${hop.title}${hop.detail ? ` — ${hop.detail}` : ''}`);
  const path = pathTaken(journey);
  const servedLocally = hops !== undefined && journey.length === 0 && answer.kind === 'answered';
  const pathMismatch = journey.length > 0 && path !== flow.path ? { expected: flow.path, taken: path, hint: pathHints[flow.path] } : undefined;
  return { ok: problems.length === 0 && !pathMismatch, path, servedLocally, problems, ...(pathMismatch ? { pathMismatch } : {}) };
}
