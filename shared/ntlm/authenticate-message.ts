import { hasFlag, negotiateFlags } from './flags.ts';
import {
  checkHeader,
  decodeString,
  encodeString,
  header,
  messageTypes,
  PayloadWriter,
  readSecurityBuffer,
  readVersion,
  securityBufferOffset,
  uint32,
  writeVersion,
  type NtlmVersion,
} from './wire.ts';

/**
 * AUTHENTICATE_MESSAGE, "Type 3" ([MS-NLMP] §2.2.1.3): the client's responses to the
 * challenge, who it says it is, and its workstation. Version and MIC sit between the
 * fields and the payload only when the payload starts late enough to leave room for
 * them, which is how readers tell (the MIC has no flag of its own).
 */
export interface AuthenticateMessage {
  readonly flags: number;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly domain: string;
  readonly userName: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey: Buffer;
  readonly version: NtlmVersion | undefined;
  readonly mic: Buffer | undefined;
}

const fieldsLength = 64;
const withVersionLength = 72;
const withMicLength = 88;
const fieldOffsets = { lm: 12, nt: 20, domain: 28, user: 36, workstation: 44, sessionKey: 52 } as const;

function payloadStart(message: Buffer): number {
  const offsets = Object.values(fieldOffsets)
    .map((field) => securityBufferOffset(message, field))
    .filter((offset): offset is number => offset !== undefined);
  return Math.min(message.length, ...offsets);
}

export function parseAuthenticateMessage(message: Buffer): AuthenticateMessage {
  checkHeader(message, messageTypes.authenticate, fieldsLength);
  const flags = message.readUInt32LE(60);
  const start = payloadStart(message);
  const copy = (field: number, name: string): Buffer => Buffer.from(readSecurityBuffer(message, field, name));
  return {
    flags,
    lmChallengeResponse: copy(fieldOffsets.lm, 'LmChallengeResponse'),
    ntChallengeResponse: copy(fieldOffsets.nt, 'NtChallengeResponse'),
    domain: decodeString(readSecurityBuffer(message, fieldOffsets.domain, 'DomainName'), flags),
    userName: decodeString(readSecurityBuffer(message, fieldOffsets.user, 'UserName'), flags),
    workstation: decodeString(readSecurityBuffer(message, fieldOffsets.workstation, 'Workstation'), flags),
    encryptedRandomSessionKey: copy(fieldOffsets.sessionKey, 'EncryptedRandomSessionKey'),
    version: start >= withVersionLength && hasFlag(flags, negotiateFlags.NEGOTIATE_VERSION) ? readVersion(message, 64) : undefined,
    mic: start >= withMicLength ? Buffer.from(message.subarray(72, 88)) : undefined,
  };
}

export interface AuthenticateOptions {
  readonly flags: number;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly domain: string;
  readonly userName: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey?: Buffer;
  readonly version: NtlmVersion;
}

/** An AUTHENTICATE_MESSAGE with VERSION and no MIC, payload in the order Windows writes it (§4.2.4.3). */
export function buildAuthenticateMessage(options: AuthenticateOptions): Buffer {
  const flags = options.flags | negotiateFlags.NEGOTIATE_VERSION;
  const payload = new PayloadWriter(withVersionLength);
  const domain = payload.add(encodeString(options.domain, flags));
  const user = payload.add(encodeString(options.userName, flags));
  const workstation = payload.add(encodeString(options.workstation, flags));
  const lm = payload.add(options.lmChallengeResponse);
  const nt = payload.add(options.ntChallengeResponse);
  const sessionKey = payload.add(options.encryptedRandomSessionKey ?? Buffer.alloc(0));
  return Buffer.concat([header(messageTypes.authenticate), lm, nt, domain, user, workstation, sessionKey, uint32(flags), writeVersion(options.version), payload.payload]);
}
