/**
 * ImmutableID (sourceAnchor) from an objectGUID (client-flows §5): base64 of the 16
 * GUID bytes in .NET `Guid.ToByteArray()` order, whose first three fields are little-endian.
 */
const guidPattern = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

/** The 16 bytes of a GUID as AD stores objectGUID (and .NET's ToByteArray returns). */
export function guidToBytes(guid: string): Buffer {
  const match = guidPattern.exec(guid);
  if (!match) throw new TypeError(`"${guid}" is not a GUID`);
  const [a, b, c, d, e] = match.slice(1).map((part) => Buffer.from(part, 'hex'));
  return Buffer.concat([a!.reverse(), b!.reverse(), c!.reverse(), d!, e!]);
}

/** The GUID string of 16 objectGUID bytes. */
export function bytesToGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new TypeError('an objectGUID is 16 bytes');
  const hex = (start: number, end: number, reverse: boolean) => {
    const part = Buffer.from(bytes.subarray(start, end));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

export function immutableIdFromGuid(guid: string): string {
  return guidToBytes(guid).toString('base64');
}
