import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesToGuid, guidToBytes, immutableIdFromGuid } from '../immutable-id.ts';
import { ntHash } from '../nt-hash.ts';
import { isPasswordHashSyncHash, passwordHashSyncHash, verifyPasswordHashSyncHash } from '../password-hash-sync.ts';

/** DSInternals OrgIdHashTester.cs, as quoted in client-flows §4. */
const paSsw0rd = {
  password: 'Pa$$w0rd',
  ntHash: '92937945B518814341DE3F726500D4FF',
  salt: '181a3024085fcee2f70e',
  stored: 'v1;PPH1_MD4,181a3024085fcee2f70e,1000,b39525c3bc72a1136fcf7c8a338e0c14313d0450d1a4c98ef0a6ddada3bc5b0a;',
};
const emptyPassword = {
  salt: '01cda06eceb9d9bc2621',
  hash: '9d4fc778add44776555d3fa6ccb4f9637f25e34a62dbc5fa0f782ef8c762c902',
};

const hex = (value: string): Buffer => Buffer.from(value, 'hex');

describe('ntHash', () => {
  it('hashes Pa$$w0rd to 92937945B518814341DE3F726500D4FF', async () => {
    assert.equal((await ntHash(paSsw0rd.password)).toString('hex').toUpperCase(), paSsw0rd.ntHash);
  });

  it('returns the 16 bytes of MD4, not a hex string', async () => {
    assert.equal((await ntHash(paSsw0rd.password)).length, 16);
  });
});

describe('passwordHashSyncHash', () => {
  it('reproduces the DSInternals vector for Pa$$w0rd with salt 181a3024085fcee2f70e', async () => {
    assert.equal(passwordHashSyncHash(await ntHash(paSsw0rd.password), hex(paSsw0rd.salt)), paSsw0rd.stored);
  });

  it('reproduces the DSInternals vector for the empty password with salt 01cda06eceb9d9bc2621', async () => {
    assert.equal(passwordHashSyncHash(await ntHash(''), hex(emptyPassword.salt)), `v1;PPH1_MD4,${emptyPassword.salt},1000,${emptyPassword.hash};`);
  });

  it('draws a fresh 10-byte salt on every call, so the same NT hash gives different credentials', async () => {
    const nt = await ntHash(paSsw0rd.password);
    const first = passwordHashSyncHash(nt);
    const second = passwordHashSyncHash(nt);
    assert.notEqual(first.split(',')[1], second.split(',')[1]);
    assert.notEqual(first, second);
    assert.ok(isPasswordHashSyncHash(first), first);
    assert.ok(verifyPasswordHashSyncHash(nt, first));
    assert.ok(verifyPasswordHashSyncHash(nt, second));
  });

  it('throws a TypeError for an NT hash of 15 or 17 bytes', () => {
    assert.throws(() => passwordHashSyncHash(Buffer.alloc(15)), TypeError);
    assert.throws(() => passwordHashSyncHash(Buffer.alloc(17)), TypeError);
  });

  it('throws a TypeError for the NT hash given as 32 hex characters instead of 16 bytes', () => {
    assert.throws(() => passwordHashSyncHash(Buffer.from(paSsw0rd.ntHash)), TypeError);
  });
});

describe('verifyPasswordHashSyncHash', () => {
  it('accepts the NT hash of the password the stored credential was made from', () => {
    assert.equal(verifyPasswordHashSyncHash(hex(paSsw0rd.ntHash), paSsw0rd.stored), true);
  });

  it('rejects the NT hash of a different password', async () => {
    assert.equal(verifyPasswordHashSyncHash(await ntHash('Pa$$w0rd!'), paSsw0rd.stored), false);
  });

  it('rejects a malformed stored credential instead of throwing', () => {
    const nt = hex(paSsw0rd.ntHash);
    for (const malformed of ['', 'not a credential', paSsw0rd.stored.slice(0, -1), paSsw0rd.stored.replace('v1;', 'v2;'), paSsw0rd.stored.toUpperCase()]) {
      assert.equal(verifyPasswordHashSyncHash(nt, malformed), false, malformed);
    }
  });

  it('rejects a credential with a different iteration count even when its hash matches that count', () => {
    const nt = hex(paSsw0rd.ntHash);
    const salt = hex(paSsw0rd.salt);
    const rounds1001 = pbkdf2For(nt, salt, 1001);
    assert.equal(verifyPasswordHashSyncHash(nt, `v1;PPH1_MD4,${paSsw0rd.salt},1001,${rounds1001};`), false);
    assert.equal(verifyPasswordHashSyncHash(nt, paSsw0rd.stored.replace(',1000,', ',999,')), false);
  });
});

describe('immutableIdFromGuid', () => {
  it('gives the examples of client-flows §5 and design §2', () => {
    assert.equal(immutableIdFromGuid('12345678-9abc-def0-1234-56789abcdef0'), 'eFY0Erya8N4SNFZ4mrze8A==');
    assert.equal(immutableIdFromGuid('d32e32d5-23ae-4918-a67f-e86723e17426'), '1TIu064jGEmmf+hnI+F0Jg==');
    assert.equal(immutableIdFromGuid('6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71'), 'Hk8qbTyLWk6fECs8TV5vcQ==');
  });

  it('gives the same ImmutableID for an upper-case GUID', () => {
    assert.equal(immutableIdFromGuid('6D2A4F1E-8B3C-4E5A-9F10-2B3C4D5E6F71'), 'Hk8qbTyLWk6fECs8TV5vcQ==');
  });
});

describe('guidToBytes and bytesToGuid', () => {
  it('lay out the first three fields little-endian, as .NET Guid.ToByteArray does', () => {
    assert.equal(guidToBytes('12345678-9abc-def0-1234-56789abcdef0').toString('hex'), '78563412bc9af0de123456789abcdef0');
  });

  it('round-trip a GUID through its 16 objectGUID bytes', () => {
    for (const guid of ['6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']) {
      const bytes = guidToBytes(guid);
      assert.equal(bytes.length, 16);
      assert.equal(bytesToGuid(bytes), guid);
    }
  });

  it('round-trip 16 bytes through their GUID string', () => {
    const bytes = hex('00112233445566778899aabbccddeeff');
    assert.deepEqual(guidToBytes(bytesToGuid(bytes)), bytes);
  });

  it('throw a TypeError for a string that is not a GUID', () => {
    for (const bad of ['', 'not-a-guid', '6d2a4f1e8b3c4e5a9f102b3c4d5e6f71', '{6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71}', '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f7', 'gd2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71']) {
      assert.throws(() => guidToBytes(bad), TypeError, bad);
      assert.throws(() => immutableIdFromGuid(bad), TypeError, bad);
    }
  });

  it('throw a TypeError for objectGUID bytes that are not 16 long', () => {
    assert.throws(() => bytesToGuid(Buffer.alloc(15)), TypeError);
    assert.throws(() => bytesToGuid(Buffer.alloc(17)), TypeError);
  });
});

/** An independent PBKDF2 over the UTF-16LE upper-case hex NT hash (client-flows §4 steps 2–4). */
function pbkdf2For(nt: Buffer, salt: Buffer, rounds: number): string {
  return pbkdf2Sync(Buffer.from(nt.toString('hex').toUpperCase(), 'utf16le'), salt, rounds, 32, 'sha256').toString('hex');
}
