/** One change of an LDAP modify (RFC 4511 §4.6), independent of the LDAP library. */
export interface AttributeChange {
  readonly operation: 'add' | 'delete' | 'replace';
  /** The attribute as the client spelled it. */
  readonly type: string;
  /** Values as UTF-8 text. */
  readonly values: readonly string[];
  /** The same values as sent (unicodePwd is UTF-16LE, not text). */
  readonly bytes: readonly Buffer[];
}

export const isUnicodePwd = (change: AttributeChange): boolean => change.type.toLowerCase() === 'unicodepwd';
