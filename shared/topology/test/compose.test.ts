import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderCompose } from '../../../scripts/generate-compose.ts';
import { addressOf, containerNames, dockerPlan, legsOf } from '../index.ts';

const committed = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');

describe('docker-compose.yml and the topology cannot drift', () => {
  it('the committed docker-compose.yml is exactly what `npm run compose:generate` writes', () => {
    assert.equal(committed, renderCompose(), 'run `npm run compose:generate` and commit the result');
  });

  it('every container sits on its topology legs at its fixed address', () => {
    const services = (parse(committed) as { services: Record<string, { networks?: Record<string, { ipv4_address: string }> }> }).services;
    for (const container of containerNames) {
      const networks = services[container]?.networks ?? {};
      assert.deepEqual(Object.keys(networks).sort(), legsOf(container).sort(), container);
      for (const network of legsOf(container)) assert.equal(networks[network]?.ipv4_address, addressOf(container, network, dockerPlan));
    }
  });

  it('perimeter and corp are internal networks, so only the edge crosses to the internet', () => {
    const networks = (parse(committed) as { networks: Record<string, { internal: boolean }> }).networks;
    assert.deepEqual(Object.fromEntries(Object.entries(networks).map(([name, value]) => [name, value.internal])), { internet: false, perimeter: true, corp: true });
  });
});
