import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { containerNames, containers } from '../shared/topology/index.ts';
import { expectedFromCorp, expectedFromInternet } from '../test/fixtures/expected-status.ts';
import { assertMatrix, parseStatus } from '../test/support/status-matrix.ts';
import { startComposeLab } from './support/compose-lab.ts';

/** A raw TCP connect from inside a container: prints CONNECTED, or why not. */
const rawConnect = (address: string) => [
  'node',
  '-e',
  `const s=require('net').connect(443,'${address}');s.setTimeout(3000);` +
    `s.on('connect',()=>{console.log('CONNECTED');process.exit(0)});` +
    `s.on('timeout',()=>{console.log('BLOCKED timeout');process.exit(1)});` +
    `s.on('error',e=>{console.log('BLOCKED '+e.code);process.exit(1)})`,
];

describe('the compose lab (docker-compose.yml, driven by testcontainers)', () => {
  let lab: StartedDockerComposeEnvironment;

  before(async () => {
    lab = await startComposeLab();
  });
  after(async () => {
    await lab?.down({ removeVolumes: true });
  });

  it('starts every container of design §1 and each passes its own health check', async () => {
    for (const name of containerNames) {
      const result = await lab.getContainer(`${name}-1`).exec(['node', '/app/scripts/healthcheck.ts']);
      assert.equal(result.exitCode, 0, `${name}: ${result.output}`);
    }
  });

  it('lab status in client-ext shows the internet view of design §1, with the edge publishing fs/mail/autodiscover', async () => {
    const result = await lab.getContainer('client-ext-1').exec(['lab', 'status', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const status = parseStatus(result.stdout);
    assert.equal(status.from, 'client-ext');
    assertMatrix(status.rows, expectedFromInternet);
    assert.equal(status.rows.find((row) => row.name === 'fs.contoso.test')?.address, '198.18.0.2');
  });

  it('lab status in client-int shows the corp view, with cloud names reachable only through the proxy', async () => {
    const result = await lab.getContainer('client-int-1').exec(['lab', 'status', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const status = parseStatus(result.stdout);
    assertMatrix(status.rows, expectedFromCorp);
    assert.equal(status.rows.find((row) => row.name === 'fs.contoso.test')?.address, '198.18.2.10');
  });

  it('a corp service cannot open a direct connection to the internet network', async () => {
    for (const name of ['dirsync', 'client-int', 'adfs'] as const) {
      assert.ok(containers[name].legs.corp);
      const result = await lab.getContainer(`${name}-1`).exec(rawConnect('198.18.0.10'));
      assert.match(result.stdout, /^BLOCKED/, `${name} must not reach azure-auth directly: ${result.output}`);
    }
  });

  it('the same corp service reaches the cloud through proxy.contoso.test', async () => {
    const result = await lab.getContainer('dirsync-1').exec(['lab', 'status', '--json'], { env: { LAB_CONTAINER: 'dirsync' } });
    const row = parseStatus(result.stdout).rows.find((entry) => entry.name === 'adminwebservice.microsoftonline.test');
    assert.deepEqual(row?.answeredBy, ['edge proxy', 'azure-auth']);
  });

  it('the internet cannot reach corp addresses either', async () => {
    const result = await lab.getContainer('client-ext-1').exec(rawConnect('198.18.2.11'));
    assert.match(result.stdout, /^BLOCKED/, result.output);
  });
});
