import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedFromCorp, expectedFromInternet } from '../fixtures/expected-status.ts';
import { startLocalLabProcess, runLab } from '../support/local-lab-process.ts';
import { assertMatrix, parseStatus } from '../support/status-matrix.ts';

describe('npm start, then lab status from each network (local mode, no Docker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-status-'));
  const env = { LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state') };
  let lab: Awaited<ReturnType<typeof startLocalLabProcess>>;

  before(async () => {
    lab = await startLocalLabProcess(env);
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the internet view: cloud names direct, on-premises names through the edge, internal names unresolvable', async () => {
    const { stdout } = await runLab(['status', '--as', 'internet', '--json'], env);
    const status = parseStatus(stdout);
    assert.equal(status.from, 'local internet host');
    assertMatrix(status.rows, expectedFromInternet);
  });

  it('shows the corp view: on-premises names direct, cloud names only through the edge proxy', async () => {
    const { stdout } = await runLab(['status', '--as', 'corp', '--json'], env);
    assertMatrix(parseStatus(stdout).rows, expectedFromCorp);
  });

  it('prints the matrix as a table a person can read', async () => {
    const { stdout } = await runLab(['status', '--as', 'internet'], env);
    assert.match(stdout, /^fs\.contoso\.test\s+127\.18\.0\.2 \(edge\)\s+direct\s+yes\s+ok\s+edge → wap$/m);
    assert.match(stdout, /^dc\.contoso\.test\s+does not resolve\s+none\s+no \(DNS_NOT_FOUND\)/m);
  });

  it('refuses an unknown vantage with a message naming the option', async () => {
    await assert.rejects(runLab(['status', '--as', 'mars'], env), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /--as is "mars"; expected internet, perimeter or corp/);
      return true;
    });
  });
});
