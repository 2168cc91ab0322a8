import { findRelyingPartyTrust, type RelyingPartyTrust } from '../relying-parties.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { invalidParameter, missingParameter, noReplyUrl, unknownRelyingParty, unregisteredReplyUrl, unsupportedAction } from './errors.ts';

/** The query string as fastify parsed it: a parameter given twice is an array. */
export type PassiveQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The passive request's actions ([MS-MWBF] §2.2.3, §2.2.5). */
export const passiveActions = { signIn: 'wsignin1.0', signOut: 'wsignout1.0' } as const;

/**
 * The longest wctx echoed back: 2 KiB, a lab choice that holds Azure AD's own (about
 * 1 KiB) with room to spare and keeps a reflected value small (security.md, reflected XSS).
 */
export const maxWctxLength = 2048;

/** A sign-in request whose every part has been checked: the trust, where the response goes, and what is echoed. */
export interface SignInRequest {
  readonly trust: RelyingPartyTrust;
  /** A reply URL registered for the trust: the request's wreply, or the trust's first. */
  readonly replyUrl: string;
  /** Opaque to AD FS, echoed as it came; undefined when the request had none. */
  readonly wctx: string | undefined;
  /** The user name the page is prefilled with (`username`, else `login_hint`). */
  readonly loginHint: string;
}

/** One parameter's value; a parameter given twice is refused rather than guessed at. */
export function queryParameter(query: PassiveQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidParameter(name, 'is given more than once');
}

/** `wa` decides what the request is; it must be one the route takes. */
export function readAction(query: PassiveQuery, supported: readonly string[]): string {
  const wa = queryParameter(query, 'wa');
  if (wa === undefined || wa === '') throw missingParameter('wa');
  if (!supported.includes(wa)) throw unsupportedAction(wa, supported);
  return wa;
}

function relyingPartyTrust(runtime: AdfsRuntime, query: PassiveQuery): RelyingPartyTrust {
  const wtrealm = queryParameter(query, 'wtrealm');
  if (wtrealm === undefined || wtrealm === '') throw missingParameter('wtrealm');
  const trust = findRelyingPartyTrust(runtime.relyingPartyTrusts, wtrealm);
  if (!trust) throw unknownRelyingParty(wtrealm);
  return trust;
}

/** [MS-MWBF] §2.2.3: the STS checks wreply belongs to the RP. Exact match only (security.md, open redirect; RFC 9700). */
function replyUrlOf(trust: RelyingPartyTrust, query: PassiveQuery): string {
  const [registered] = trust.replyUrls;
  if (registered === undefined) throw noReplyUrl(trust.identifier);
  const wreply = queryParameter(query, 'wreply');
  if (wreply === undefined) return registered;
  if (!trust.replyUrls.includes(wreply)) throw unregisteredReplyUrl(wreply, trust.identifier);
  return wreply;
}

function wctxOf(query: PassiveQuery): string | undefined {
  const wctx = queryParameter(query, 'wctx');
  if (wctx !== undefined && wctx.length > maxWctxLength) throw invalidParameter('wctx', `is longer than ${maxWctxLength} characters`);
  return wctx;
}

/** Reads and checks a `wa=wsignin1.0` request (client-flows §1.2). Every failure is an error page, never a redirect. */
export function readSignInRequest(runtime: AdfsRuntime, query: PassiveQuery): SignInRequest {
  const trust = relyingPartyTrust(runtime, query);
  return {
    trust,
    replyUrl: replyUrlOf(trust, query),
    wctx: wctxOf(query),
    loginHint: queryParameter(query, 'username') ?? queryParameter(query, 'login_hint') ?? '',
  };
}
