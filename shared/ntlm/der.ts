import { malformed } from './wire.ts';

/**
 * Just enough DER (X.690 §8.1) for SPNEGO's few structures: a tag byte, a definite
 * length in short or long form, and the value. Every length is checked against its
 * container, so a token cannot point outside itself.
 */
export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  /** Where the next element starts in the buffer that was read. */
  readonly next: number;
}

export function readTlv(bytes: Buffer, offset = 0): Tlv {
  if (offset + 2 > bytes.length) throw malformed('the SPNEGO token ends inside a DER header');
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || start + octets > bytes.length) throw malformed('the SPNEGO token has a DER length it cannot use');
    length = bytes.subarray(start, start + octets).reduce((value, byte) => value * 256 + byte, 0);
    start += octets;
  }
  if (start + length > bytes.length) throw malformed('a DER element of the SPNEGO token runs past its container');
  return { tag, value: bytes.subarray(start, start + length), next: start + length };
}

/** The elements of a constructed value, in order. */
export function readChildren(value: Buffer): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = 0; offset < value.length; ) {
    const child = readTlv(value, offset);
    children.push(child);
    offset = child.next;
  }
  return children;
}

export function tlv(tag: number, value: Buffer): Buffer {
  const length = value.length;
  const head = length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
  return Buffer.concat([Buffer.from(head), value]);
}
