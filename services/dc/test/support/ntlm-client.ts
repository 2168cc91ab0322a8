import { ntHash } from '../../../../shared/identity/nt-hash.ts';
import { fileTimeOf } from '../../../../shared/ntlm/file-time.ts';
import { computeNtlmv2Response } from '../../../../shared/ntlm/ntlmv2.ts';

/**
 * The NT response a workstation would send for a password, a challenge and a time
 * (the client half of shared/ntlm/ntlmv2.ts), for the dc's pass-through tests.
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

export async function ntChallengeResponse(answer: ClientAnswer): Promise<Buffer> {
  const { ntChallengeResponse: response } = computeNtlmv2Response({
    ntHash: await ntHash(answer.password),
    userName: answer.userName,
    domain: answer.domain,
    serverChallenge: answer.serverChallenge,
    clientChallenge: answer.clientChallenge ?? Buffer.alloc(8, 0xaa),
    timestamp: typeof answer.time === 'bigint' ? answer.time : fileTimeOf(answer.time),
    avPairs: answer.targetInfo ?? Buffer.alloc(4),
  });
  return response;
}
