import { avIds, decodeAvPairs, findAvPair } from '../av-pairs.ts';
import { isUnbound } from '../channel-bindings.ts';
import type { Ntlmv2Response } from '../ntlmv2.ts';

/**
 * Extended Protection for Authentication (security.md, NTLM relay; AD FS's
 * ExtendedProtectionTokenCheck=Allow, IIS's extendedProtection tokenChecking="Allow"):
 * when the client names its target or binds its response to the TLS channel, both
 * must be this service and this connection. The AV pairs are read only after the dc
 * accepted the NTProofStr, which covers them. Each server words the refusal itself.
 */
export interface ExpectedBinding {
  /** The SPNs this service answers to, e.g. `HTTP/fs.contoso.test`, compared case-insensitively as Windows compares SPNs. */
  readonly servicePrincipalNames: readonly string[];
  /** This connection's MsvAvChannelBindings value; undefined off TLS. */
  readonly channelBindingsHash: Buffer | undefined;
}

export type ExtendedProtectionMismatch =
  /** MsvAvTargetName names another service: the response may have been relayed. */
  | { readonly kind: 'target-name'; readonly target: string }
  /** MsvAvChannelBindings belong to another TLS channel. */
  | { readonly kind: 'channel-binding' };

/** What does not match, or undefined when the response is for this service and connection (or says nothing either way). */
export function checkExtendedProtection(response: Ntlmv2Response, expected: ExpectedBinding): ExtendedProtectionMismatch | undefined {
  const pairs = decodeAvPairs(response.avPairs);
  const target = findAvPair(pairs, avIds.MsvAvTargetName)?.toString('utf16le');
  if (target && !expected.servicePrincipalNames.some((name) => name.toLowerCase() === target.toLowerCase())) return { kind: 'target-name', target };
  const bindings = findAvPair(pairs, avIds.MsvAvChannelBindings);
  if (isUnbound(bindings)) return undefined;
  if (!expected.channelBindingsHash || !bindings!.equals(expected.channelBindingsHash)) return { kind: 'channel-binding' };
  return undefined;
}
