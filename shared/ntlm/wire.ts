import { LabError } from '../errors/lab-error.ts';
import { hasFlag, negotiateFlags } from './flags.ts';

/**
 * What the three NTLM messages share on the wire ([MS-NLMP] §2.2.1, §2.2.2): the
 * `NTLMSSP\0` signature and MessageType, security-buffer fields (Len, MaxLen, Offset)
 * that point into a payload, strings in UTF-16LE or the OEM code page, and VERSION.
 */
export const ntlmSignature = Buffer.from('NTLMSSP\0', 'latin1');

export const messageTypes = { negotiate: 1, challenge: 2, authenticate: 3 } as const;

/** Windows Server 2019 (10.0.17763) with NTLMSSP_REVISION_W2K3 (§2.2.2.10). */
export interface NtlmVersion {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
}

export const ntlmRevisionW2k3 = 0x0f;

export function malformed(message: string): LabError {
  return new LabError({ code: 'NTLM_MALFORMED_MESSAGE', statusCode: 400, message: `malformed NTLM message: ${message}` });
}

/** Throws unless `message` is at least `minimumLength` bytes of the given MessageType. */
export function checkHeader(message: Buffer, type: number, minimumLength: number): void {
  if (message.length < minimumLength) throw malformed(`${message.length} bytes is too short for message type ${type}`);
  if (!message.subarray(0, 8).equals(ntlmSignature)) throw malformed('it does not start with NTLMSSP\\0');
  const actual = message.readUInt32LE(8);
  if (actual !== type) throw malformed(`message type ${actual} where ${type} was expected`);
}

/** The MessageType of an NTLMSSP message, or undefined when the bytes are not one. */
export function messageTypeOf(bytes: Buffer): number | undefined {
  return bytes.length >= 12 && bytes.subarray(0, 8).equals(ntlmSignature) ? bytes.readUInt32LE(8) : undefined;
}

/** The bytes a security buffer at `fieldOffset` points to, checked against the message's end. */
export function readSecurityBuffer(message: Buffer, fieldOffset: number, name: string): Buffer {
  const length = message.readUInt16LE(fieldOffset);
  const offset = message.readUInt32LE(fieldOffset + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length) throw malformed(`${name} (${length} bytes at ${offset}) runs past the end of the message`);
  return message.subarray(offset, offset + length);
}

/** The payload offset a security buffer names, for finding where the fixed part ends. */
export function securityBufferOffset(message: Buffer, fieldOffset: number): number | undefined {
  return message.readUInt16LE(fieldOffset) === 0 ? undefined : message.readUInt32LE(fieldOffset + 4);
}

export function decodeString(bytes: Buffer, flags: number): string {
  return hasFlag(flags, negotiateFlags.NEGOTIATE_UNICODE) ? bytes.toString('utf16le') : bytes.toString('latin1');
}

export function encodeString(value: string, flags: number): Buffer {
  return Buffer.from(value, hasFlag(flags, negotiateFlags.NEGOTIATE_UNICODE) ? 'utf16le' : 'latin1');
}

export function writeVersion(version: NtlmVersion): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt8(version.major, 0);
  bytes.writeUInt8(version.minor, 1);
  bytes.writeUInt16LE(version.build, 2);
  bytes.writeUInt8(ntlmRevisionW2k3, 7);
  return bytes;
}

export function readVersion(message: Buffer, offset: number): NtlmVersion {
  return { major: message.readUInt8(offset), minor: message.readUInt8(offset + 1), build: message.readUInt16LE(offset + 2) };
}

/**
 * Lays out a message's payload: each `add` appends bytes after the fixed part and
 * returns the 8-byte security-buffer field that points at them. Payload order and
 * field order may differ, as they do in the AUTHENTICATE_MESSAGE.
 */
export class PayloadWriter {
  #offset: number;
  readonly #parts: Buffer[] = [];

  constructor(fixedLength: number) {
    this.#offset = fixedLength;
  }

  add(bytes: Buffer): Buffer {
    const field = Buffer.alloc(8);
    field.writeUInt16LE(bytes.length, 0);
    field.writeUInt16LE(bytes.length, 2);
    field.writeUInt32LE(this.#offset, 4);
    this.#parts.push(bytes);
    this.#offset += bytes.length;
    return field;
  }

  get payload(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

export function header(type: number): Buffer {
  const bytes = Buffer.alloc(12);
  ntlmSignature.copy(bytes);
  bytes.writeUInt32LE(type, 8);
  return bytes;
}

export function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}
