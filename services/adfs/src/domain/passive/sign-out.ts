import type { RelyingPartyTrust } from '../relying-parties.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { queryParameter, type PassiveQuery } from './sign-in-request.ts';

/** One relying party to tell that the user signed out ([MS-MWBF] §2.2.6). */
export interface SignOutCleanup {
  readonly displayName: string;
  /** The trust's first reply URL with `wa=wsignoutcleanup1.0`, loaded by the page as an image. */
  readonly url: string;
}

export interface SignOut {
  readonly cleanups: readonly SignOutCleanup[];
  /** Where the page may link back to: the request's wreply, only when some trust registered it. */
  readonly continueUrl: string | undefined;
}

function cleanupOf(trust: RelyingPartyTrust): SignOutCleanup[] {
  const [replyUrl] = trust.replyUrls;
  if (replyUrl === undefined) return [];
  const url = new URL(replyUrl);
  url.searchParams.set('wa', 'wsignoutcleanup1.0');
  return [{ displayName: trust.displayName, url: url.href }];
}

/**
 * `wa=wsignout1.0` ([MS-MWBF] §2.2.5; client-flows §1.9). AD FS keeps no sign-in session
 * in the lab, so every passive trust is cleaned up. An unregistered wreply is not an
 * error, only never linked to (security.md, open redirect).
 */
export function signOut(runtime: AdfsRuntime, query: PassiveQuery): SignOut {
  const wreply = queryParameter(query, 'wreply');
  const registered = wreply !== undefined && runtime.relyingPartyTrusts.some((trust) => trust.replyUrls.includes(wreply));
  return { cleanups: runtime.relyingPartyTrusts.flatMap(cleanupOf), continueUrl: registered ? wreply : undefined };
}
