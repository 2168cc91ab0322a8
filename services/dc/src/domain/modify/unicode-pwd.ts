import { timingSafeEqual } from 'node:crypto';
import { ntHash } from '../../../../../shared/identity/nt-hash.ts';
import { passwordConstraint, unwillingToPerform } from '../ad-errors.ts';
import type { DirectoryUser } from '../directory/model.ts';
import type { AttributeChange } from './attribute-change.ts';

/**
 * unicodePwd ([MS-ADTS] §3.1.1.3.1.5.1): the password in double quotes, UTF-16LE.
 * A change is a delete of the old value plus an add of the new one; a reset is a
 * replace. Either way the dc keeps only the new NT hash.
 */
export type PasswordOperation = { readonly kind: 'change'; readonly oldValue: Buffer; readonly newValue: Buffer } | { readonly kind: 'reset'; readonly newValue: Buffer };

export function passwordOperationOf(changes: readonly AttributeChange[]): PasswordOperation {
  const [first, second, ...rest] = changes;
  if (first?.operation === 'replace' && first.bytes.length === 1 && !second) return { kind: 'reset', newValue: first.bytes[0]! };
  if (first?.operation === 'delete' && second?.operation === 'add' && first.bytes.length === 1 && second.bytes.length === 1 && rest.length === 0) {
    return { kind: 'change', oldValue: first.bytes[0]!, newValue: second.bytes[0]! };
  }
  throw unwillingToPerform('unicodePwd takes a replace (reset) or a delete of the old value and an add of the new one (change)');
}

/** The password inside a unicodePwd value; a value that is not a quoted UTF-16LE string is refused. */
export function decodeUnicodePwd(value: Buffer): string {
  const text = value.length % 2 === 0 ? value.toString('utf16le') : '';
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) throw passwordConstraint('0000052D');
  return text.slice(1, -1);
}

/** The NT hash the user will have after the operation; a change must prove the old password. */
export async function newPasswordHash(target: DirectoryUser, operation: PasswordOperation): Promise<Buffer> {
  if (operation.kind === 'change' && !timingSafeEqual(await ntHash(decodeUnicodePwd(operation.oldValue)), target.ntHash)) {
    throw passwordConstraint('00000056');
  }
  const password = decodeUnicodePwd(operation.newValue);
  if (password.length === 0) throw passwordConstraint('0000052D');
  return ntHash(password);
}
