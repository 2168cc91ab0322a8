/**
 * The journey of one cross-premises free/busy request, hop by hop (design §6; seed 003's
 * numbered steps; server-flows §1.9, §1, §2, §3). The requesting Exchange records each
 * hop in its trace (`/_lab/state` → `recent`, kind `decision` or `outbound`) under the
 * user's correlation id, so `lab flow …` and the tests print the journey as a numbered
 * list. This file is the contract between the requesting side and its readers.
 */
export const freeBusyFlow = 'free-busy';

/** Which way the request travelled (server-flows §1.9). */
export type CrossPremisesPath = 'oauth' | 'dauth' | 'legacy';

/**
 * The hops, in the order they happen on each path:
 *  - every path: `path-lookup` (IOC → OrgRel → AvailabilityAddressSpace), … , `result`;
 *  - OAuth (F10, F11): `autodiscover-anonymous` (empty Bearer → 401 naming the trusted
 *    issuer), `app-token` (for the Autodiscover host; `cache: hit|miss`),
 *    `autodiscover-token` (GetUserSettings with the outer token → the EWS URL; when the
 *    EWS URL is cached, this hop alone, `cache: hit`, stands for all three),
 *    `ews-token` (for the EWS host; `cache: hit|miss`), `outer-token` (alg none +
 *    actortoken, for the user), `availability` (GetUserAvailability with Bearer);
 *  - DAuth (F12): `federation-information` (anonymous GetFederationInformation),
 *    `delegation-token` (the gateway's RST/RSTR), `autodiscover-wssecurity` (`cache: hit`
 *    when the EWS URL is cached),
 *    `availability-wssecurity`;
 *  - legacy (F13): `autodiscover-basic`, `availability-basic` (the address space's
 *    service account).
 */
export const hopIds = [
  'path-lookup',
  'autodiscover-anonymous',
  'app-token',
  'autodiscover-token',
  'ews-token',
  'outer-token',
  'availability',
  'federation-information',
  'delegation-token',
  'autodiscover-wssecurity',
  'availability-wssecurity',
  'autodiscover-basic',
  'availability-basic',
  'result',
] as const;
export type HopId = (typeof hopIds)[number];

/** What a hop carried, never a secret in full (design §6): a JWT's claims that matter, or "EncryptedData". */
export interface TokenSummary {
  /** `actor` (signed by the STS), `outer` (alg none, for a user), `delegation` (DAuth, encrypted), `basic`. */
  readonly type: 'actor' | 'outer' | 'delegation' | 'basic';
  readonly issuer?: string;
  readonly audience?: string;
  /** ISO time. */
  readonly expires?: string;
  /** The user the token names, when it is readable (OAuth); a DAuth token names nobody in transit. */
  readonly user?: string;
  /** How the token looks on the wire, e.g. "JWT (alg none) carrying an RS256 actor token", "xenc:EncryptedData (aes256-gcm, rsa-oaep)". */
  readonly form?: string;
}

/** The `summary` of one trace event of the journey. */
export interface HopSummary {
  readonly flow: typeof freeBusyFlow;
  /** 1-based order within the request. */
  readonly step: number;
  readonly hop: HopId;
  readonly path: CrossPremisesPath | 'none';
  /** One line a person reads: "IOC ExchangeHybridOnPremisesToOnline lists contoso.mail.onmicrosoft.test → OAuth". */
  readonly title: string;
  readonly ok: boolean;
  /** The target mailbox the hop served. */
  readonly target: string;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  /** How long the hop's HTTP call took, in milliseconds (when it made one). */
  readonly ms?: number;
  /** `hit` when a cached app token or EWS URL was reused, `miss` when the token service or Autodiscover was asked. */
  readonly cache?: 'hit' | 'miss';
  readonly token?: TokenSummary;
  /** Why it failed, or what it found (the EWS URL, the ResponseCode, …). */
  readonly detail?: string;
}

export function isHopSummary(value: unknown): value is HopSummary {
  const summary = value as Partial<HopSummary> | null;
  return !!summary && summary.flow === freeBusyFlow && typeof summary.step === 'number' && typeof summary.hop === 'string';
}

/** The hops of one request in a service's trace (`/_lab/state` → `recent`), in step order. */
export function journeyIn(recent: readonly unknown[], correlationId: string): HopSummary[] {
  return recent
    .filter((event): event is { correlationId: string; summary: unknown } => typeof event === 'object' && event !== null && (event as { correlationId?: unknown }).correlationId === correlationId)
    .map((event) => event.summary)
    .filter(isHopSummary)
    .sort((a, b) => a.step - b.step);
}
