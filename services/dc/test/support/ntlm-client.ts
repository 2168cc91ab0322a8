import { ntHash } from '../../../../shared/identity/nt-hash.ts';
import { fileTimeOf } from '../../src/domain/ad-time.ts';
import { computeNtProofStr, ntowfv2 } from '../../src/domain/ntlm/ntlmv2.ts';

/**
 * The client half of NTLMv2 ([MS-NLMP] §3.3.2), for tests: the NT response a
 * workstation would send for a password, a challenge and a time.
 */
export interface ClientAnswer {
  readonly password: string;
  readonly userName: string;
  readonly domain: string;
  readonly serverChallenge: Buffer;
  readonly clientChallenge?: Buffer;
  readonly time: Date | bigint;
  /** AV pairs from the CHALLENGE_MESSAGE; defaults to MsvAvEOL alone. */
  readonly targetInfo?: Buffer;
}

export function clientBlob(timestamp: bigint, clientChallenge: Buffer, targetInfo: Buffer): Buffer {
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE(timestamp);
  return Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), time, clientChallenge, Buffer.alloc(4), targetInfo, Buffer.alloc(4)]);
}

export async function ntChallengeResponse(answer: ClientAnswer): Promise<Buffer> {
  const timestamp = typeof answer.time === 'bigint' ? answer.time : fileTimeOf(answer.time);
  const blob = clientBlob(timestamp, answer.clientChallenge ?? Buffer.alloc(8, 0xaa), answer.targetInfo ?? Buffer.alloc(4));
  const key = ntowfv2(await ntHash(answer.password), answer.userName, answer.domain);
  return Buffer.concat([computeNtProofStr(key, answer.serverChallenge, blob), blob]);
}
