/**
 * `nbf`/`exp` as [MS-XOAUTH] 2.2 writes them (`"nbf":"1323380070"`, strings) or as
 * RFC 7519 §2 NumericDate (numbers). Both are accepted; anything else is undefined.
 */
export function readNumericDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,12}$/.test(value)) return Number(value);
  return undefined;
}

/** Seconds since the epoch, as [MS-XOAUTH] writes them: a decimal string. */
export function numericDateString(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}
