import assert from 'node:assert/strict';
import type { StatusRow } from '../../cli/commands/status.ts';
import type { ExpectedRow } from '../fixtures/expected-status.ts';

/** Parses `lab status --json` output. */
export function parseStatus(stdout: string): { from: string; rows: StatusRow[] } {
  return JSON.parse(stdout) as { from: string; rows: StatusRow[] };
}

/** Asserts a `lab status` matrix row by row against the expected table, with TLS ok wherever reachable. */
export function assertMatrix(rows: readonly StatusRow[], expected: Readonly<Record<string, ExpectedRow>>): void {
  assert.deepEqual(rows.map((row) => row.name).sort(), Object.keys(expected).sort(), 'lab status lists exactly the names of design §1');
  for (const row of rows) {
    const want = expected[row.name]!;
    const reachable = want.answeredBy.length > 0;
    assert.deepEqual(
      { addressOwner: row.addressOwner, route: row.route, answeredBy: row.answeredBy, reachable: row.reachable, tls: row.tls },
      { addressOwner: want.addressOwner, route: want.route, answeredBy: want.answeredBy, reachable, tls: reachable ? 'ok' : null },
      `row ${row.name}`,
    );
    if (!reachable) assert.equal(row.error, 'DNS_NOT_FOUND', `${row.name} fails because it does not resolve`);
  }
}
