import { dnKey } from '../domain/dn.ts';
import type { AttributeValue, DirectoryEntry } from '../domain/entries.ts';
import type { LdapFilter } from './ldapjs.ts';

/**
 * Search filters (RFC 4511 §4.5.1.7) evaluated as AD does: attribute names and
 * string values case-insensitively, integers as numbers, DNs as DNs, objectGUID as
 * bytes, and the bitwise matching rules of userAccountControl queries.
 */
const dnValued = new Set(['distinguishedname', 'member', 'memberof', 'objectcategory']);
const bitAnd = '1.2.840.113556.1.4.803';
const bitOr = '1.2.840.113556.1.4.804';
const inChain = '1.2.840.113556.1.4.1941';
const integer = /^-?\d+$/;

interface Assertion {
  readonly text: string;
  readonly bytes: Buffer;
}

/** The assertion value as sent: AttributeValueAssertion ::= SEQUENCE { attributeDesc OCTET STRING, assertionValue OCTET STRING }. */
function assertionOf(filter: LdapFilter): Assertion {
  const ber = filter.toBer().buffer;
  let offset = 1;
  const readLength = (): number => {
    const first = ber[offset++]!;
    if (first < 0x80) return first;
    let value = 0;
    for (let i = 0; i < (first & 0x7f); i += 1) value = value * 256 + ber[offset++]!;
    return value;
  };
  readLength();
  offset += 1;
  const descriptionLength = readLength();
  offset += descriptionLength + 1;
  const valueLength = readLength();
  const bytes = Buffer.from(ber.subarray(offset, offset + valueLength));
  return { text: bytes.toString('utf8'), bytes };
}

function valuesOf(entry: DirectoryEntry, attribute: string | undefined): readonly AttributeValue[] {
  return entry.attributes.get((attribute ?? '').toLowerCase())?.values ?? [];
}

/** Orders an entry value against an assertion: negative, zero or positive. */
function compare(attribute: string, value: AttributeValue, assertion: Assertion): number {
  if (Buffer.isBuffer(value)) return Buffer.compare(value, assertion.bytes);
  const name = attribute.toLowerCase();
  // (objectCategory=person) is AD's shorthand for the category's DN.
  if (name === 'objectcategory' && !assertion.text.includes('=')) return value.toLowerCase().startsWith(`cn=${assertion.text.toLowerCase()},`) ? 0 : 1;
  if (dnValued.has(name)) return dnKey(value) === dnKey(assertion.text) ? 0 : 1;
  if (integer.test(value) && integer.test(assertion.text)) {
    const difference = BigInt(value) - BigInt(assertion.text);
    return difference === 0n ? 0 : difference > 0n ? 1 : -1;
  }
  const [a, b] = [value.toLowerCase(), assertion.text.toLowerCase()];
  return a < b ? -1 : a > b ? 1 : 0;
}

function anyValue(filter: LdapFilter, entry: DirectoryEntry, accept: (order: number) => boolean): boolean {
  const assertion = assertionOf(filter);
  return valuesOf(entry, filter.attribute).some((value) => accept(compare(filter.attribute ?? '', value, assertion)));
}

function substringMatch(filter: LdapFilter, value: AttributeValue): boolean {
  let text = (Buffer.isBuffer(value) ? value.toString('utf8') : value).toLowerCase();
  const initial = filter.subInitial?.toLowerCase();
  if (initial) {
    if (!text.startsWith(initial)) return false;
    text = text.slice(initial.length);
  }
  for (const part of filter.subAny ?? []) {
    const at = text.indexOf(part.toLowerCase());
    if (at < 0) return false;
    text = text.slice(at + part.length);
  }
  const final = filter.subFinal?.toLowerCase();
  return !final || text.endsWith(final);
}

function extensibleMatch(filter: LdapFilter, entry: DirectoryEntry): boolean {
  const asserted = String(filter.value ?? '');
  const rule = filter.matchingRule;
  return valuesOf(entry, filter.attribute).some((value) => {
    if (rule === bitAnd || rule === bitOr) {
      if (Buffer.isBuffer(value) || !integer.test(value) || !integer.test(asserted)) return false;
      const bits = BigInt(value) & BigInt(asserted);
      return rule === bitAnd ? bits === BigInt(asserted) : bits !== 0n;
    }
    // The lab has no nested groups, so the in-chain rule is plain equality.
    if (rule === undefined || rule === inChain) return compare(filter.attribute ?? '', value, { text: asserted, bytes: Buffer.from(asserted) }) === 0;
    return false;
  });
}

const matchers: Record<string, (filter: LdapFilter, entry: DirectoryEntry) => boolean> = {
  AndFilter: (filter, entry) => (filter.clauses ?? []).every((clause) => matchesFilter(clause, entry)),
  OrFilter: (filter, entry) => (filter.clauses ?? []).some((clause) => matchesFilter(clause, entry)),
  NotFilter: (filter, entry) => filter.filter !== undefined && !matchesFilter(filter.filter, entry),
  PresenceFilter: (filter, entry) => valuesOf(entry, filter.attribute).length > 0,
  EqualityFilter: (filter, entry) => anyValue(filter, entry, (order) => order === 0),
  ApproximateFilter: (filter, entry) => anyValue(filter, entry, (order) => order === 0),
  GreaterThanEqualsFilter: (filter, entry) => anyValue(filter, entry, (order) => order >= 0),
  LessThanEqualsFilter: (filter, entry) => anyValue(filter, entry, (order) => order <= 0),
  SubstringFilter: (filter, entry) => valuesOf(entry, filter.attribute).some((value) => substringMatch(filter, value)),
  ExtensibleFilter: extensibleMatch,
};

export function matchesFilter(filter: LdapFilter, entry: DirectoryEntry): boolean {
  return matchers[filter.type]?.(filter, entry) ?? false;
}
