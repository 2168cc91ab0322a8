import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { ConnectorSpace, type RunSummary } from '../src/domain/connector-space.ts';
import type { CloudObject } from '../src/domain/transform.ts';

const maryGuid = '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71';
const joeGuid = '3f9b2c71-4d6e-4a8b-b1c2-7e8f90a1b2c3';

const cloudObject = (guid: string, upn: string, overrides: Partial<CloudObject> = {}): CloudObject => ({
  sourceAnchor: immutableIdFromGuid(guid),
  userPrincipalName: upn,
  displayName: upn.split('@')[0]!,
  mail: upn,
  proxyAddresses: [`SMTP:${upn}`],
  accountEnabled: true,
  ...overrides,
});
const mary = cloudObject(maryGuid, 'mary@contoso.test');
const joe = cloudObject(joeGuid, 'joe@contoso.test');

const run = (kind: RunSummary['kind'], finishedAt: string, overrides: Partial<RunSummary> = {}): RunSummary => ({
  kind,
  startedAt: '2026-05-04T09:00:00.000Z',
  finishedAt,
  imported: 8,
  adds: 6,
  updates: 0,
  deletes: 0,
  matches: 0,
  passwords: 6,
  unchanged: 0,
  errors: [],
  ...overrides,
});

let root: string;
let counter = 0;
const open: ConnectorSpace[] = [];

before(() => {
  root = mkdtempSync(join(tmpdir(), 'hybrid-lab-connector-space-'));
});

after(() => {
  for (const space of open) space.close();
  rmSync(root, { recursive: true, force: true });
});

/** A connector space in a state directory of its own; closed after the file's tests. */
function freshSpace(stateDir = join(root, `state-${++counter}`)): ConnectorSpace {
  const space = new ConnectorSpace(stateDir);
  open.push(space);
  return space;
}

describe('ConnectorSpace watermarks', () => {
  it('start at 0 for both import and passwords', () => {
    const space = freshSpace();
    assert.equal(space.watermark('import'), 0);
    assert.equal(space.watermark('passwords'), 0);
  });

  it('are kept per name: moving import leaves passwords where it was', () => {
    const space = freshSpace();
    space.setWatermark('import', 41_000);
    space.setWatermark('passwords', 12_345);
    space.setWatermark('import', 41_500);
    assert.equal(space.watermark('import'), 41_500);
    assert.equal(space.watermark('passwords'), 12_345);
  });

  it('persist to a new instance on the same state directory', () => {
    const stateDir = join(root, 'restart-watermarks');
    const first = new ConnectorSpace(stateDir);
    first.setWatermark('import', 20_480);
    first.close();
    assert.equal(freshSpace(stateDir).watermark('import'), 20_480);
  });
});

describe('ConnectorSpace exports', () => {
  it('return the JSON body last recorded for an anchor', () => {
    const space = freshSpace();
    space.recordExport(mary, maryGuid);
    assert.equal(space.lastExported(mary.sourceAnchor), JSON.stringify(mary));
    const renamed = { ...mary, displayName: 'Mary Jones' };
    space.recordExport(renamed, maryGuid);
    assert.equal(space.lastExported(mary.sourceAnchor), JSON.stringify(renamed));
  });

  it('return nothing for an anchor never exported', () => {
    assert.equal(freshSpace().lastExported(joe.sourceAnchor), undefined);
  });

  it('list live anchors with their UPNs', () => {
    const space = freshSpace();
    space.recordExport(mary, maryGuid);
    space.recordExport(joe, joeGuid);
    assert.deepEqual(space.liveAnchors(), new Map([[mary.sourceAnchor, 'mary@contoso.test'], [joe.sourceAnchor, 'joe@contoso.test']]));
  });

  it('treat a deleted export as not live, while still knowing its objectGUID', () => {
    const space = freshSpace();
    space.recordExport(mary, maryGuid);
    space.recordExport(joe, joeGuid);
    space.recordExport({ ...joe, deleted: true }, joeGuid);
    assert.equal(space.lastExported(joe.sourceAnchor), undefined);
    assert.equal(space.sourceAnchorOfGuid(joeGuid), undefined);
    assert.deepEqual([...space.liveAnchors().keys()], [mary.sourceAnchor]);
    assert.equal(space.objectGuidOf(joe.sourceAnchor), joeGuid);
  });

  it('map an objectGUID to its sourceAnchor and back', () => {
    const space = freshSpace();
    space.recordExport(mary, maryGuid);
    assert.equal(space.sourceAnchorOfGuid(maryGuid), 'Hk8qbTyLWk6fECs8TV5vcQ==');
    assert.equal(space.objectGuidOf('Hk8qbTyLWk6fECs8TV5vcQ=='), maryGuid);
    assert.equal(space.sourceAnchorOfGuid(joeGuid), undefined);
    assert.equal(space.objectGuidOf(joe.sourceAnchor), undefined);
  });

  it('survive a restart on the same state directory', () => {
    const stateDir = join(root, 'restart-exports');
    const first = new ConnectorSpace(stateDir);
    first.recordExport(mary, maryGuid);
    first.close();
    assert.equal(freshSpace(stateDir).lastExported(mary.sourceAnchor), JSON.stringify(mary));
  });
});

describe('ConnectorSpace runs', () => {
  it('assign each recorded run an increasing id and keep the rest of its summary', () => {
    const space = freshSpace();
    const first = space.recordRun(run('full', '2026-05-04T09:00:05.000Z'));
    const second = space.recordRun(run('passwords', '2026-05-04T09:02:00.000Z', { adds: 0, imported: 0, passwords: 1 }));
    assert.equal(typeof first.id, 'number');
    assert.ok((second.id ?? 0) > (first.id ?? 0), `${second.id} is not after ${first.id}`);
    assert.deepEqual({ ...first, id: undefined }, { ...run('full', '2026-05-04T09:00:05.000Z'), id: undefined });
  });

  it('list recent runs newest first, errors included', () => {
    const space = freshSpace();
    space.recordRun(run('full', '2026-05-04T09:00:05.000Z'));
    space.recordRun(run('passwords', '2026-05-04T09:02:00.000Z'));
    const last = space.recordRun(run('delta', '2026-05-04T09:30:00.000Z', { errors: ['Hk8qbTyLWk6fECs8TV5vcQ==: refused'] }));
    const runs = space.recentRuns();
    assert.deepEqual(runs.map((entry) => entry.kind), ['delta', 'passwords', 'full']);
    assert.deepEqual(runs[0], last);
  });

  it('return at most the requested number of runs', () => {
    const space = freshSpace();
    for (const minute of ['00', '02', '04']) space.recordRun(run('passwords', `2026-05-04T09:${minute}:00.000Z`));
    assert.deepEqual(space.recentRuns(2).map((entry) => entry.finishedAt), ['2026-05-04T09:04:00.000Z', '2026-05-04T09:02:00.000Z']);
  });
});

describe('ConnectorSpace export errors', () => {
  it('keeps an object the cloud refused, with the reason, until it is cleared', () => {
    const stateDir = join(root, `state-${++counter}`);
    const space = freshSpace(stateDir);
    space.recordExportError(mary, maryGuid, 'the UPN is taken');
    assert.deepEqual(freshSpace(stateDir).pendingExports(), [{ object: mary, objectGuid: maryGuid, error: 'the UPN is taken' }], 'it survives a restart');
    space.clearExportError(mary.sourceAnchor);
    assert.deepEqual(space.pendingExports(), []);
  });

  it('keeps only the latest refused version of an object', () => {
    const space = freshSpace();
    space.recordExportError(joe, joeGuid, 'first');
    const renamed = { ...joe, displayName: 'Joseph' };
    space.recordExportError(renamed, joeGuid, 'second');
    assert.deepEqual(space.pendingExports(), [{ object: renamed, objectGuid: joeGuid, error: 'second' }]);
  });
});
