import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The password hash sync "hash of the hash" (client-flows §4; DSInternals OrgIdHash):
 * the NT hash as UPPERCASE hex, encoded UTF-16LE, through PBKDF2-HMAC-SHA256 with a
 * 10-byte salt and 1000 iterations, stored as `v1;PPH1_MD4,<salt>,1000,<hash>;`.
 * The cloud never sees the password or the NT hash.
 */
const iterations = 1000;
const saltBytes = 10;
const format = /^v1;PPH1_MD4,([0-9a-f]{20}),(\d+),([0-9a-f]{64});$/;

function derive(ntHash: Buffer, salt: Buffer, rounds: number): Buffer {
  return pbkdf2Sync(Buffer.from(ntHash.toString('hex').toUpperCase(), 'utf16le'), salt, rounds, 32, 'sha256');
}

export function passwordHashSyncHash(ntHash: Buffer, salt: Buffer = randomBytes(saltBytes)): string {
  if (ntHash.length !== 16) throw new TypeError('an NT hash is 16 bytes');
  if (salt.length !== saltBytes) throw new TypeError(`the PHS salt is ${saltBytes} bytes`);
  return `v1;PPH1_MD4,${salt.toString('hex')},${iterations},${derive(ntHash, salt, iterations).toString('hex')};`;
}

/** Whether an NT hash (from a typed password) matches a stored PHS credential; false for a malformed one. */
export function verifyPasswordHashSyncHash(ntHash: Buffer, stored: string): boolean {
  const match = format.exec(stored);
  if (!match) return false;
  const rounds = Number(match[2]);
  if (rounds !== iterations) return false;
  const expected = Buffer.from(match[3]!, 'hex');
  return timingSafeEqual(derive(ntHash, Buffer.from(match[1]!, 'hex'), rounds), expected);
}

export function isPasswordHashSyncHash(value: string): boolean {
  return format.test(value);
}
