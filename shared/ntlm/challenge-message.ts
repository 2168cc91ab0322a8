import { decodeAvPairs, encodeAvPairs, type AvPair } from './av-pairs.ts';
import { hasFlag, negotiateFlags } from './flags.ts';
import { checkHeader, decodeString, encodeString, header, malformed, messageTypes, PayloadWriter, readSecurityBuffer, readVersion, uint32, writeVersion, type NtlmVersion } from './wire.ts';

/**
 * CHALLENGE_MESSAGE, "Type 2" ([MS-NLMP] §2.2.1.2): the server's flags, its 8-byte
 * ServerChallenge, its TargetName, and the TargetInfo AV pairs the client folds into
 * its NTLMv2 response (§3.3.2), which is why a verifier needs them unchanged.
 */
export interface ChallengeMessage {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  /** The raw TargetInfo bytes, as the NTLMv2 blob repeats them. */
  readonly targetInfo: Buffer;
  readonly targetInfoPairs: readonly AvPair[];
  readonly version: NtlmVersion | undefined;
}

const fixedLength = 56;
const minimumLength = 48;

export interface ChallengeOptions {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  readonly targetInfo: readonly AvPair[];
  readonly version: NtlmVersion;
}

export function buildChallengeMessage(options: ChallengeOptions): Buffer {
  if (options.serverChallenge.length !== 8) throw new TypeError('a ServerChallenge is 8 bytes');
  const flags = options.flags | negotiateFlags.NEGOTIATE_TARGET_INFO | negotiateFlags.NEGOTIATE_VERSION;
  const payload = new PayloadWriter(fixedLength);
  const targetNameField = payload.add(encodeString(options.targetName, flags));
  const targetInfoField = payload.add(encodeAvPairs(options.targetInfo));
  return Buffer.concat([header(messageTypes.challenge), targetNameField, uint32(flags), options.serverChallenge, Buffer.alloc(8), targetInfoField, writeVersion(options.version), payload.payload]);
}

export function parseChallengeMessage(message: Buffer): ChallengeMessage {
  checkHeader(message, messageTypes.challenge, minimumLength);
  const flags = message.readUInt32LE(20);
  const hasTargetInfo = hasFlag(flags, negotiateFlags.NEGOTIATE_TARGET_INFO);
  const targetInfo = hasTargetInfo ? readSecurityBuffer(message, 40, 'TargetInfo') : Buffer.alloc(0);
  if (hasTargetInfo && targetInfo.length === 0) throw malformed('NEGOTIATE_TARGET_INFO is set but TargetInfo is empty');
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName: decodeString(readSecurityBuffer(message, 12, 'TargetName'), flags),
    targetInfo: Buffer.from(targetInfo),
    targetInfoPairs: targetInfo.length ? decodeAvPairs(targetInfo) : [],
    version: message.length >= fixedLength && hasFlag(flags, negotiateFlags.NEGOTIATE_VERSION) ? readVersion(message, 48) : undefined,
  };
}
