import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openMailboxStore } from '../../../shared/mailbox/index.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { cloudMailboxOwners, mailboxOfUser } from '../src/domain/cloud-mailboxes.ts';

const seed = loadSeed();

describe('the cloud mailboxes exchange-online hosts', () => {
  it("are ann's and the synced users' whose seed mailbox is cloud (joe, sam)", () => {
    assert.deepEqual(cloudMailboxOwners(seed), [
      { primarySmtpAddress: 'ann@contoso.onmicrosoft.test', displayName: 'Ann Cloud', location: 'cloud' },
      { primarySmtpAddress: 'joe@contoso.test', displayName: 'Joe Bloggs', location: 'cloud' },
      { primarySmtpAddress: 'sam@litware.test', displayName: 'Sam Lee', location: 'cloud' },
    ]);
  });

  it("are found from a token's upn by primary SMTP address, in any case; on-premises users have none", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-exo-mailboxes-'));
    const store = openMailboxStore(dir);
    try {
      store.seed(seed, cloudMailboxOwners(seed), new Date('2026-03-02T08:00:00Z'));
      assert.equal(mailboxOfUser(store, 'Sam@Litware.test')?.displayName, 'Sam Lee');
      assert.equal(mailboxOfUser(store, 'mary@contoso.test'), undefined);
      assert.equal(mailboxOfUser(store, 'admin@contoso.onmicrosoft.test'), undefined);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
