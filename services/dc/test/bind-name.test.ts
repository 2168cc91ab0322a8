import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccount, parseBindName } from '../src/domain/bind-name.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';

describe('parsing a bind name', () => {
  it('reads CONTOSO\\mary as a down-level logon name', () => {
    assert.deepEqual(parseBindName('CONTOSO\\mary'), { kind: 'downLevel', domain: 'CONTOSO', sAMAccountName: 'mary' });
  });

  it('reads mary@contoso.test as a user principal name', () => {
    assert.deepEqual(parseBindName('mary@contoso.test'), { kind: 'userPrincipalName', userPrincipalName: 'mary@contoso.test' });
  });

  it('reads a name with an escaped comma and a backslash as a DN, not a down-level name', () => {
    assert.deepEqual(parseBindName('CN=Smith\\, Mary,CN=Users,DC=contoso,DC=test'), { kind: 'dn', dn: 'CN=Smith\\, Mary,CN=Users,DC=contoso,DC=test' });
  });

  it('reads a bare name as a sAMAccountName', () => {
    assert.deepEqual(parseBindName('mary'), { kind: 'sAMAccountName', sAMAccountName: 'mary' });
  });
});

describe('finding the account a bind name names', () => {
  let directory: TestDirectory;
  before(async () => {
    directory = await openTestDirectory();
  });
  after(() => directory.dispose());

  const sam = (raw: string): string | undefined => findAccount(directory.store, parseBindName(raw))?.sAMAccountName;

  it('finds a DN regardless of case and spacing', () => {
    assert.equal(sam('cn=mary smith, cn=users, dc=CONTOSO, dc=test'), 'mary');
  });

  it('finds a UPN with another suffix than the forest', () => {
    assert.equal(sam('SAM@litware.test'), 'sam');
  });

  it('finds the implicit UPN sAMAccountName@forest of a user whose UPN is elsewhere', () => {
    assert.equal(sam('sam@contoso.test'), 'sam');
  });

  it('accepts the NetBIOS and the DNS domain name in a down-level name', () => {
    assert.equal(sam('contoso\\Mary'), 'mary');
    assert.equal(sam('contoso.test\\mary'), 'mary');
  });

  it('finds nobody for another domain or an unknown DN', () => {
    assert.equal(sam('FABRIKAM\\mary'), undefined);
    assert.equal(sam('CN=Nobody,CN=Users,DC=contoso,DC=test'), undefined);
  });
});
