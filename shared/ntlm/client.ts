import { randomBytes } from 'node:crypto';
import { ntHash } from '../identity/nt-hash.ts';
import { avIds, decodeAvPairs, encodeAvPairs, findAvPair, stringPair, type AvPair } from './av-pairs.ts';
import { buildAuthenticateMessage } from './authenticate-message.ts';
import { parseChallengeMessage } from './challenge-message.ts';
import { fileTimeOf } from './file-time.ts';
import { hasFlag, negotiateFlags } from './flags.ts';
import { buildNegotiateMessage } from './negotiate-message.ts';
import { computeNtlmv2Response } from './ntlmv2.ts';
import type { NtlmVersion } from './wire.ts';

/**
 * The client side of NTLM ([MS-NLMP] §3.1.5.1), as a domain-joined workstation runs it:
 * a NEGOTIATE_MESSAGE, then the AUTHENTICATE_MESSAGE that answers the server's
 * CHALLENGE_MESSAGE with an NTLMv2 response computed from the password. NTLMv1 is never
 * sent. It carries no session key and no MIC: HTTP authentication signs nothing.
 */
export interface NtlmCredentials {
  /** sAMAccountName (with `domain`), or a UPN with an empty domain. */
  readonly userName: string;
  readonly domain: string;
  readonly password: string;
  readonly workstation?: string;
}

export interface AnswerOptions {
  /** The time the response claims when the challenge has no MsvAvTimestamp; now by default. */
  readonly time?: Date;
  readonly clientChallenge?: Buffer;
  /** MsvAvTargetName: the SPN the client meant to authenticate to, e.g. `HTTP/fs.contoso.test` (§2.2.2.1). */
  readonly servicePrincipalName?: string;
  /** MsvAvChannelBindings: the MD5 of the TLS channel bindings (shared/ntlm/channel-bindings.ts). */
  readonly channelBindingsHash?: Buffer;
}

/** What the lab's workstations say they are: Windows 10 (10.0.19045). */
export const clientVersion: NtlmVersion = { major: 10, minor: 0, build: 19045 };

const clientFlags =
  negotiateFlags.NEGOTIATE_UNICODE |
  negotiateFlags.NEGOTIATE_OEM |
  negotiateFlags.REQUEST_TARGET |
  negotiateFlags.NEGOTIATE_NTLM |
  negotiateFlags.NEGOTIATE_ALWAYS_SIGN |
  negotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY |
  negotiateFlags.NEGOTIATE_128 |
  negotiateFlags.NEGOTIATE_56;

export function negotiateMessage(): Buffer {
  return buildNegotiateMessage({ flags: clientFlags, version: clientVersion });
}

/** The server's AV pairs, with the client's own (§3.1.5.1.2) added before MsvAvEOL. */
function clientAvPairs(serverPairs: readonly AvPair[], options: AnswerOptions): Buffer {
  const own: AvPair[] = [];
  if (options.servicePrincipalName !== undefined) own.push(stringPair(avIds.MsvAvTargetName, options.servicePrincipalName));
  if (options.channelBindingsHash !== undefined) own.push({ id: avIds.MsvAvChannelBindings, value: options.channelBindingsHash });
  return encodeAvPairs([...serverPairs, ...own]);
}

/**
 * The AUTHENTICATE_MESSAGE for a CHALLENGE_MESSAGE. The timestamp is the server's
 * MsvAvTimestamp when it sent one, and then the LM response is Z(24) (§3.1.5.1.2).
 */
export async function authenticateMessage(challengeBytes: Buffer, credentials: NtlmCredentials, options: AnswerOptions = {}): Promise<Buffer> {
  const challenge = parseChallengeMessage(challengeBytes);
  if (!hasFlag(challenge.flags, negotiateFlags.NEGOTIATE_TARGET_INFO)) throw new TypeError('the server sent no TargetInfo, which NTLMv2 needs; this client never falls back to NTLMv1');
  const serverTimestamp = findAvPair(challenge.targetInfoPairs, avIds.MsvAvTimestamp);
  const { ntChallengeResponse, lmChallengeResponse } = computeNtlmv2Response({
    ntHash: await ntHash(credentials.password),
    userName: credentials.userName,
    domain: credentials.domain,
    serverChallenge: challenge.serverChallenge,
    clientChallenge: options.clientChallenge ?? randomBytes(8),
    timestamp: serverTimestamp ? serverTimestamp.readBigUInt64LE(0) : fileTimeOf(options.time ?? new Date()),
    avPairs: clientAvPairs(decodeAvPairs(challenge.targetInfo), options),
  });
  const unicode = hasFlag(challenge.flags, negotiateFlags.NEGOTIATE_UNICODE) ? negotiateFlags.NEGOTIATE_UNICODE : negotiateFlags.NEGOTIATE_OEM;
  return buildAuthenticateMessage({
    flags: (clientFlags & ~(negotiateFlags.NEGOTIATE_UNICODE | negotiateFlags.NEGOTIATE_OEM)) | unicode | (challenge.flags & negotiateFlags.NEGOTIATE_TARGET_INFO),
    lmChallengeResponse: serverTimestamp ? Buffer.alloc(24) : lmChallengeResponse,
    ntChallengeResponse,
    domain: credentials.domain,
    userName: credentials.userName,
    workstation: credentials.workstation ?? '',
    version: clientVersion,
  });
}
