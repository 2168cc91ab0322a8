import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileTimeBytes } from './file-time.ts';

/**
 * NTLMv2 ([MS-NLMP] §3.3.2, §2.2.2.7–8; server-flows §4), both halves. The NT hash
 * (MD4 of the password, shared/identity/nt-hash.ts) is the only secret; HMAC-MD5 comes
 * from node:crypto.
 *   NTOWFv2    = HMAC_MD5(NT hash, UTF16LE(UPPER(user) + domain))
 *   temp       = 01 01 00 00 ‖ Z(4) ‖ TimeStamp ‖ ChallengeFromClient ‖ Z(4) ‖ AV pairs ‖ Z(4)
 *   NTProofStr = HMAC_MD5(NTOWFv2, ServerChallenge ‖ temp)
 * and the NT response is NTProofStr ‖ temp.
 */
export interface Ntlmv2Response {
  readonly ntProofStr: Buffer;
  /** NTLMv2_CLIENT_CHALLENGE, the `temp` of §3.3.2. */
  readonly blob: Buffer;
  /** The blob's TimeStamp, a FILETIME. */
  readonly timestamp: bigint;
  readonly clientChallenge: Buffer;
  /** The rest of the blob: the AV pairs as the client sent them, through MsvAvEOL (then Z(4)). */
  readonly avPairs: Buffer;
}

/** An NTLMv1 response is exactly 24 bytes ([MS-NLMP] §2.2.2.6). */
export const ntlmv1ResponseLength = 24;
// NTProofStr (16) + RespType, HiRespType, Reserved1-2 (8) + TimeStamp (8) + ChallengeFromClient (8) + Reserved3 (4) + MsvAvEOL (4).
const minimumLength = 16 + 8 + 8 + 8 + 4 + 4;

/** Splits an NT response; undefined when it is not an NTLMv2 response. */
export function parseNtlmv2Response(response: Buffer): Ntlmv2Response | undefined {
  if (response.length < minimumLength) return undefined;
  const blob = response.subarray(16);
  if (blob[0] !== 0x01 || blob[1] !== 0x01) return undefined;
  return { ntProofStr: response.subarray(0, 16), blob, timestamp: blob.readBigUInt64LE(8), clientChallenge: blob.subarray(16, 24), avPairs: blob.subarray(28) };
}

export function ntowfv2(ntHash: Buffer, userName: string, domain: string): Buffer {
  return createHmac('md5', ntHash).update(Buffer.from(userName.toUpperCase() + domain, 'utf16le')).digest();
}

export function computeNtProofStr(responseKey: Buffer, serverChallenge: Buffer, blob: Buffer): Buffer {
  return createHmac('md5', responseKey).update(Buffer.concat([serverChallenge, blob])).digest();
}

/** Whether the response proves knowledge of the password behind `ntHash`, for this user, domain and challenge. */
export function verifyNtlmv2(ntHash: Buffer, userName: string, domain: string, serverChallenge: Buffer, response: Ntlmv2Response): boolean {
  const expected = computeNtProofStr(ntowfv2(ntHash, userName, domain), serverChallenge, response.blob);
  return timingSafeEqual(expected, response.ntProofStr);
}

/** The NTLMv2_CLIENT_CHALLENGE structure (§2.2.2.7); `avPairs` ends with MsvAvEOL. */
export function ntlmv2ClientChallenge(timestamp: bigint, clientChallenge: Buffer, avPairs: Buffer): Buffer {
  return Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), fileTimeBytes(timestamp), clientChallenge, Buffer.alloc(4), avPairs, Buffer.alloc(4)]);
}

export interface Ntlmv2Answer {
  readonly ntHash: Buffer;
  readonly userName: string;
  readonly domain: string;
  readonly serverChallenge: Buffer;
  readonly clientChallenge: Buffer;
  readonly timestamp: bigint;
  /** The AV pairs the client puts in its blob: the server's TargetInfo, possibly with its own additions. */
  readonly avPairs: Buffer;
}

/** The client half of §3.3.2: the NT response and the LMv2 response. */
export function computeNtlmv2Response(answer: Ntlmv2Answer): { ntChallengeResponse: Buffer; lmChallengeResponse: Buffer } {
  const key = ntowfv2(answer.ntHash, answer.userName, answer.domain);
  const blob = ntlmv2ClientChallenge(answer.timestamp, answer.clientChallenge, answer.avPairs);
  const lmProof = createHmac('md5', key).update(Buffer.concat([answer.serverChallenge, answer.clientChallenge])).digest();
  return {
    ntChallengeResponse: Buffer.concat([computeNtProofStr(key, answer.serverChallenge, blob), blob]),
    lmChallengeResponse: Buffer.concat([lmProof, answer.clientChallenge]),
  };
}
