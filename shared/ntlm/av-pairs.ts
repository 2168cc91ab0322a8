import { malformed } from './wire.ts';

/** AvId values of the AV_PAIR ([MS-NLMP] §2.2.2.1). */
export const avIds = {
  MsvAvEOL: 0,
  MsvAvNbComputerName: 1,
  MsvAvNbDomainName: 2,
  MsvAvDnsComputerName: 3,
  MsvAvDnsDomainName: 4,
  MsvAvDnsTreeName: 5,
  MsvAvFlags: 6,
  MsvAvTimestamp: 7,
  MsvAvSingleHost: 8,
  MsvAvTargetName: 9,
  MsvAvChannelBindings: 10,
} as const;

/** MsvAvFlags bit 0x2: the AUTHENTICATE_MESSAGE carries a MIC. */
export const msvAvFlagMicPresent = 0x00000002;

export interface AvPair {
  readonly id: number;
  readonly value: Buffer;
}

/** A name-valued pair: names are always UTF-16LE in AV pairs. */
export function stringPair(id: number, value: string): AvPair {
  return { id, value: Buffer.from(value, 'utf16le') };
}

/** The pairs followed by MsvAvEOL; a caller's own EOL pair is not repeated. */
export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts = pairs
    .filter((pair) => pair.id !== avIds.MsvAvEOL)
    .map((pair) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(pair.id, 0);
      head.writeUInt16LE(pair.value.length, 2);
      return Buffer.concat([head, pair.value]);
    });
  return Buffer.concat([...parts, Buffer.alloc(4)]);
}

/** The pairs up to MsvAvEOL (which the list must have); the EOL itself is not returned. */
export function decodeAvPairs(bytes: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const id = bytes.readUInt16LE(offset);
    const length = bytes.readUInt16LE(offset + 2);
    if (id === avIds.MsvAvEOL) return pairs;
    if (offset + 4 + length > bytes.length) throw malformed(`AV pair ${id} (${length} bytes) runs past the end of the list`);
    pairs.push({ id, value: bytes.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  throw malformed('the AV pair list has no MsvAvEOL');
}

export function findAvPair(pairs: readonly AvPair[], id: number): Buffer | undefined {
  return pairs.find((pair) => pair.id === id)?.value;
}
