import { dateOfFileTime, fileTimeOf as nonNullFileTimeOf } from '../../../../shared/ntlm/file-time.ts';

/**
 * AD's two time syntaxes: FILETIME (pwdLastSet; 100 ns ticks since 1601-01-01 UTC,
 * [MS-DTYP] §2.3.3), also the NTLMv2 blob's TimeStamp, and generalized time
 * (whenCreated, whenChanged; `YYYYMMDDHHMMSS.0Z`, RFC 4517 §3.3.13).
 */
export { dateOfFileTime };

/** FILETIME as AD writes it in decimal; null (never set or must change) is 0. */
export function fileTimeOf(date: Date | null): bigint {
  return date === null ? 0n : nonNullFileTimeOf(date);
}

export function generalizedTimeOf(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:T]/g, '')}.0Z`;
}
