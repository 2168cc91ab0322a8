import { hasFlag, negotiateFlags } from './flags.ts';
import { checkHeader, header, messageTypes, PayloadWriter, readSecurityBuffer, readVersion, uint32, writeVersion, type NtlmVersion } from './wire.ts';

/**
 * NEGOTIATE_MESSAGE, "Type 1" ([MS-NLMP] §2.2.1.1): the client's flags and, rarely,
 * its domain and workstation in the OEM code page. Older clients send only the first
 * 16 or 32 bytes, so the fields past the flags are read only when present.
 */
export interface NegotiateMessage {
  readonly flags: number;
  readonly domain: string;
  readonly workstation: string;
  readonly version: NtlmVersion | undefined;
}

const flagsOnlyLength = 16;
const withFieldsLength = 32;
const fixedLength = 40;

export function parseNegotiateMessage(message: Buffer): NegotiateMessage {
  checkHeader(message, messageTypes.negotiate, flagsOnlyLength);
  const flags = message.readUInt32LE(12);
  const hasFields = message.length >= withFieldsLength;
  const oem = (fieldOffset: number, flag: number): string =>
    hasFields && hasFlag(flags, flag) ? readSecurityBuffer(message, fieldOffset, 'DomainName or Workstation').toString('latin1') : '';
  return {
    flags,
    domain: oem(16, negotiateFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED),
    workstation: oem(24, negotiateFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED),
    version: message.length >= fixedLength && hasFlag(flags, negotiateFlags.NEGOTIATE_VERSION) ? readVersion(message, 32) : undefined,
  };
}

export interface NegotiateOptions {
  readonly flags: number;
  readonly domain?: string;
  readonly workstation?: string;
  readonly version: NtlmVersion;
}

/** A 40-byte-plus NEGOTIATE_MESSAGE; the OEM_*_SUPPLIED flags follow what is given. */
export function buildNegotiateMessage(options: NegotiateOptions): Buffer {
  const domain = Buffer.from(options.domain ?? '', 'latin1');
  const workstation = Buffer.from(options.workstation ?? '', 'latin1');
  let flags = options.flags | negotiateFlags.NEGOTIATE_VERSION;
  if (domain.length) flags |= negotiateFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED;
  if (workstation.length) flags |= negotiateFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED;
  const payload = new PayloadWriter(fixedLength);
  const domainField = payload.add(domain);
  const workstationField = payload.add(workstation);
  return Buffer.concat([header(messageTypes.negotiate), uint32(flags), domainField, workstationField, writeVersion(options.version), payload.payload]);
}
