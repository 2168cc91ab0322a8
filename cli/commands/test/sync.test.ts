import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSummary } from '../sync.ts';

const summary = { kind: 'full' as const, imported: 8, adds: 5, updates: 3, deletes: 2, matches: 1, passwords: 6, unchanged: 7, errors: [] as string[] };

describe('formatSummary', () => {
  it('prints every count of a clean run on one line', () => {
    assert.equal(formatSummary(summary), 'sync full: 8 imported, 5 adds, 3 updates, 2 deletes, 1 matches, 6 passwords, 7 unchanged, 0 errors');
  });

  it('prints the error count and then one indented line per error', () => {
    const errors = ['Hk8qbTyLWk6fECs8TV5vcQ==: refused', 'password of cXuPP2xNikWxwn6PkKGywx==: the tenant is busy'];
    const lines = formatSummary({ ...summary, kind: 'delta', errors }).split('\n');
    assert.deepEqual(lines, [
      'sync delta: 8 imported, 5 adds, 3 updates, 2 deletes, 1 matches, 6 passwords, 7 unchanged, 2 errors',
      '  error: Hk8qbTyLWk6fECs8TV5vcQ==: refused',
      '  error: password of cXuPP2xNikWxwn6PkKGywx==: the tenant is busy',
    ]);
  });
});
