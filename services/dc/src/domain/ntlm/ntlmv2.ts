import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * NTLMv2 ([MS-NLMP] §3.3.2, §2.2.2.7–8; server-flows §4), server side. The NT hash
 * (MD4 of the password) comes from the directory; HMAC-MD5 from node:crypto.
 *   NTOWFv2    = HMAC_MD5(NT hash, UTF16LE(UPPER(user) + domain))
 *   NTProofStr = HMAC_MD5(NTOWFv2, serverChallenge ‖ blob)
 * and the NT response is NTProofStr ‖ blob.
 */
export interface Ntlmv2Response {
  readonly ntProofStr: Buffer;
  /** NTLMv2_CLIENT_CHALLENGE, the `temp` of §3.3.2. */
  readonly blob: Buffer;
  /** The blob's TimeStamp, a FILETIME. */
  readonly timestamp: bigint;
  readonly clientChallenge: Buffer;
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
  return { ntProofStr: response.subarray(0, 16), blob, timestamp: blob.readBigUInt64LE(8), clientChallenge: blob.subarray(16, 24) };
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
