/**
 * FILETIME ([MS-DTYP] §2.3.3): 100 ns ticks since 1601-01-01 UTC. NTLM carries it in
 * the CHALLENGE_MESSAGE's MsvAvTimestamp and the NTLMv2 blob's TimeStamp ([MS-NLMP]
 * §2.2.2.1, §2.2.2.7); AD keeps pwdLastSet in it.
 */
const ticksPerMillisecond = 10_000n;
const epochOffsetMilliseconds = 11_644_473_600_000n;

export function fileTimeOf(date: Date): bigint {
  return (BigInt(date.getTime()) + epochOffsetMilliseconds) * ticksPerMillisecond;
}

export function dateOfFileTime(fileTime: bigint): Date {
  return new Date(Number(fileTime / ticksPerMillisecond - epochOffsetMilliseconds));
}

/** A FILETIME as the 8 little-endian bytes NTLM writes. */
export function fileTimeBytes(fileTime: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(fileTime);
  return bytes;
}
