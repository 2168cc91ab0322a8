import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Entry } from 'ldapts';
import { guidToBytes, immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { adUserFromEntry } from '../src/domain/transform.ts';

const maryGuid = '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71';

/** Mary as ldapts returns her: objectGUID a Buffer (explicitBufferAttributes), the rest strings or string arrays. */
function maryEntry(overrides: Readonly<Record<string, Entry[string]>> = {}): Entry {
  return {
    dn: 'CN=Mary Smith,CN=Users,DC=contoso,DC=test',
    objectGUID: guidToBytes(maryGuid),
    sAMAccountName: 'mary',
    userPrincipalName: 'mary@contoso.test',
    displayName: 'Mary Smith',
    mail: 'mary@contoso.test',
    proxyAddresses: ['SMTP:mary@contoso.test', 'smtp:mary@contoso.mail.onmicrosoft.test'],
    userAccountControl: '512',
    uSNChanged: '20480',
    isCriticalSystemObject: [],
    ...overrides,
  };
}

describe('adUserFromEntry', () => {
  it('reads an ldapts entry into the user and the cloud object dirsync exports', () => {
    assert.deepEqual(adUserFromEntry(maryEntry()), {
      objectGuid: maryGuid,
      sAMAccountName: 'mary',
      usnChanged: 20480,
      inScope: true,
      cloud: {
        sourceAnchor: 'Hk8qbTyLWk6fECs8TV5vcQ==',
        userPrincipalName: 'mary@contoso.test',
        displayName: 'Mary Smith',
        mail: 'mary@contoso.test',
        proxyAddresses: ['SMTP:mary@contoso.test', 'smtp:mary@contoso.mail.onmicrosoft.test'],
        accountEnabled: true,
      },
    });
  });

  it('computes the sourceAnchor as the ImmutableID of objectGUID', () => {
    const guid = '12345678-9abc-def0-1234-56789abcdef0';
    const user = adUserFromEntry(maryEntry({ objectGUID: [guidToBytes(guid)] }));
    assert.equal(user.objectGuid, guid);
    assert.equal(user.cloud.sourceAnchor, immutableIdFromGuid(guid));
    assert.equal(user.cloud.sourceAnchor, 'eFY0Erya8N4SNFZ4mrze8A==');
  });

  it('reads single-valued attributes given as one-element arrays', () => {
    const user = adUserFromEntry(maryEntry({ sAMAccountName: ['mary'], userPrincipalName: ['mary@contoso.test'], uSNChanged: ['20480'] }));
    assert.equal(user.sAMAccountName, 'mary');
    assert.equal(user.cloud.userPrincipalName, 'mary@contoso.test');
    assert.equal(user.usnChanged, 20480);
  });

  it('sets accountEnabled false when userAccountControl has ACCOUNTDISABLE (bit 2)', () => {
    assert.equal(adUserFromEntry(maryEntry({ userAccountControl: '514' })).cloud.accountEnabled, false);
    assert.equal(adUserFromEntry(maryEntry({ userAccountControl: '66050' })).cloud.accountEnabled, false);
    assert.equal(adUserFromEntry(maryEntry({ userAccountControl: '66048' })).cloud.accountEnabled, true);
  });

  it('keeps a disabled account in scope, so it is exported disabled rather than deleted', () => {
    assert.equal(adUserFromEntry(maryEntry({ userAccountControl: '514' })).inScope, true);
  });

  it('sorts proxyAddresses', () => {
    const user = adUserFromEntry(maryEntry({ proxyAddresses: ['smtp:z@contoso.test', 'SMTP:mary@contoso.test', 'smtp:a@contoso.test'] }));
    assert.deepEqual(user.cloud.proxyAddresses, ['SMTP:mary@contoso.test', 'smtp:a@contoso.test', 'smtp:z@contoso.test']);
  });

  it('gives an empty proxyAddresses, a null mail and the sAMAccountName as displayName when AD has none', () => {
    const { mail: _mail, proxyAddresses: _proxyAddresses, displayName: _displayName, ...bare } = maryEntry();
    const user = adUserFromEntry(bare);
    assert.deepEqual(user.cloud.proxyAddresses, []);
    assert.equal(user.cloud.mail, null);
    assert.equal(user.cloud.displayName, 'mary');
  });

  it('puts a critical system object (isCriticalSystemObject TRUE) out of scope', () => {
    const administrator = maryEntry({ sAMAccountName: 'Administrator', userPrincipalName: 'administrator@contoso.test', isCriticalSystemObject: 'TRUE' });
    assert.equal(adUserFromEntry(administrator).inScope, false);
  });

  it('keeps an object with isCriticalSystemObject FALSE in scope', () => {
    assert.equal(adUserFromEntry(maryEntry({ isCriticalSystemObject: 'FALSE' })).inScope, true);
  });

  it('puts the MSOL_ sync account out of scope', () => {
    assert.equal(adUserFromEntry(maryEntry({ sAMAccountName: 'MSOL_7a1c0f2e5d4b', userPrincipalName: 'MSOL_7a1c0f2e5d4b@contoso.test' })).inScope, false);
  });

  it('puts a user with an empty or missing userPrincipalName out of scope', () => {
    assert.equal(adUserFromEntry(maryEntry({ userPrincipalName: '' })).inScope, false);
    const { userPrincipalName: _upn, ...withoutUpn } = maryEntry();
    assert.equal(adUserFromEntry(withoutUpn).inScope, false);
  });

  it('throws, naming the dn, when objectGUID is missing', () => {
    const { objectGUID: _guid, ...withoutGuid } = maryEntry();
    assert.throws(() => adUserFromEntry(withoutGuid), /CN=Mary Smith,CN=Users,DC=contoso,DC=test has no 16-byte objectGUID/);
  });

  it('throws when objectGUID is not 16 bytes', () => {
    assert.throws(() => adUserFromEntry(maryEntry({ objectGUID: guidToBytes(maryGuid).subarray(0, 15) })), /no 16-byte objectGUID/);
    assert.throws(() => adUserFromEntry(maryEntry({ objectGUID: Buffer.alloc(17) })), /no 16-byte objectGUID/);
  });

  it('throws when objectGUID arrives as a string rather than raw bytes', () => {
    assert.throws(() => adUserFromEntry(maryEntry({ objectGUID: maryGuid })), /no 16-byte objectGUID/);
  });
});
