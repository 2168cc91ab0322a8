import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { directoryEntries, type DirectoryEntry } from '../src/domain/entries.ts';
import { matchesFilter } from '../src/ldap/filter.ts';
import { ldapjs } from '../src/ldap/ldapjs.ts';
import { maxPageSize, pageOf } from '../src/ldap/paging.ts';
import { entriesInScope, selectAttributes } from '../src/ldap/search.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';

const base = 'DC=contoso,DC=test';

describe('searching the directory', () => {
  let directory: TestDirectory;
  let entries: DirectoryEntry[];
  before(async () => {
    directory = await openTestDirectory();
    entries = directoryEntries(directory.store);
  });
  after(() => directory.dispose());

  const names = (found: readonly DirectoryEntry[]): string[] => found.map((entry) => String(entry.attributes.get('samaccountname')?.values[0] ?? entry.dn));
  const search = (filter: string, scope = 2, from = base): string[] => names(entriesInScope(entries, from, scope).filter((entry) => matchesFilter(ldapjs.parseFilter(filter), entry)));

  it('matches sAMAccountName case-insensitively', () => {
    assert.deepEqual(search('(sAMAccountName=MARY)'), ['mary']);
  });

  it('matches objectGUID as the bytes the client sent', () => {
    const filter = new ldapjs.EqualityFilter({ attribute: 'objectGUID', raw: Buffer.from('Hk8qbTyLWk6fECs8TV5vcQ==', 'base64') });
    assert.deepEqual(names(entries.filter((entry) => matchesFilter(filter, entry))), ['mary']);
  });

  it('compares uSNChanged as a number, as a delta import does', () => {
    assert.deepEqual(search('(&(objectClass=user)(uSNChanged>=9))'), ['MSOL_7a1c0f2e5d4b']);
  });

  it('applies the bitwise AND rule to userAccountControl', () => {
    assert.deepEqual(search('(userAccountControl:1.2.840.113556.1.4.803:=2)'), ['eve']);
  });

  it('takes objectCategory=person as the Person category and memberOf as a DN', () => {
    assert.equal(search('(objectCategory=person)').length, 9);
    assert.deepEqual(search('(memberOf=cn=domain admins, cn=users, dc=contoso, dc=test)'), ['Administrator']);
  });

  it('matches substrings case-insensitively and negations by presence', () => {
    assert.deepEqual(search('(&(objectClass=user)(displayName=*SMITH))'), ['mary']);
    assert.deepEqual(search('(&(objectClass=user)(!(mail=*)))'), ['Administrator', 'migadmin', 'MSOL_7a1c0f2e5d4b']);
  });

  it('limits base, one-level and subtree scopes to the base, its children and everything below', () => {
    assert.deepEqual(search('(objectClass=*)', 0), [base]);
    assert.deepEqual(search('(objectClass=*)', 1), ['CN=Users,DC=contoso,DC=test']);
    assert.equal(search('(objectClass=*)', 2).length, 14);
  });

  it('refuses a base that does not exist with noSuchObject and the best match', () => {
    assert.throws(
      () => entriesInScope(entries, 'OU=Sales,DC=contoso,DC=test', 2),
      (error: unknown) => error instanceof LabError && error.wireCode === '32' && error.message.includes("'DC=contoso,DC=test'"),
    );
  });

  it('returns only the requested attributes, objectGUID as 16 bytes', () => {
    const mary = entries.find((entry) => entry.attributes.get('samaccountname')?.values[0] === 'mary')!;
    const selected = selectAttributes(mary, ['objectguid', 'MAIL'], false);
    assert.deepEqual(selected.map((attribute) => attribute.type), ['objectGUID', 'mail']);
    assert.equal(Buffer.from(selected[0]!.values[0] as Buffer).toString('base64'), 'Hk8qbTyLWk6fECs8TV5vcQ==');
    assert.deepEqual(selectAttributes(mary, ['1.1'], false), []);
  });
});

describe('paged results', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const key = 'dc=contoso,dc=test|2|(objectclass=user)';

  it('walks all items in pages of the requested size and ends with an empty cookie', () => {
    const seen: string[][] = [];
    let cookie: Buffer = Buffer.alloc(0);
    do {
      const page = pageOf(items, { size: 2, cookie }, key);
      seen.push([...page.items]);
      cookie = page.cookie;
    } while (cookie.length > 0);
    assert.deepEqual(seen, [['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('refuses a cookie from another search', () => {
    const { cookie } = pageOf(items, { size: 2, cookie: Buffer.alloc(0) }, key);
    assert.throws(() => pageOf(items, { size: 2, cookie }, `${key}x`), (error: unknown) => error instanceof LabError && error.wireCode === '53');
  });

  it('abandons the search on a page size of 0 and caps pages at MaxPageSize', () => {
    assert.deepEqual(pageOf(items, { size: 0, cookie: Buffer.alloc(0) }, key), { items: [], cookie: Buffer.alloc(0) });
    const many = Array.from({ length: maxPageSize + 5 }, (_, index) => index);
    assert.equal(pageOf(many, { size: 5000, cookie: Buffer.alloc(0) }, key).items.length, maxPageSize);
  });
});
