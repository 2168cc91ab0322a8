import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { localPlan, type Egress, type NetworkName } from '../../topology/index.ts';
import { containerResolver, networkResolver, type Resolver } from '../resolver.ts';
import { assertRoutable, planRoute, type Vantage } from '../route.ts';

/** A host standing on one network, seeing that network's DNS view in the local plan. */
function standingOn(network: NetworkName, egress: Egress, resolver: Resolver = networkResolver(network, localPlan)): Vantage {
  return { from: `${network} host`, networks: [network], egress, plan: localPlan, resolver };
}

/** The vantage of wap: perimeter and corp, no way out. */
const wap: Vantage = { from: 'wap', networks: ['perimeter', 'corp'], egress: 'none', plan: localPlan, resolver: containerResolver('wap', localPlan) };
const corp = standingOn('corp', 'proxy');
const internet = standingOn('internet', 'direct');

/** A predicate for assert.throws/rejects: a LabError with this code. */
const labErrorWithCode =
  (code: string) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof LabError, `expected a LabError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };

describe('planRoute from corp', () => {
  it('goes direct to fs.contoso.test, which corp resolves to adfs', async () => {
    assert.deepEqual(await planRoute(corp, 'fs.contoso.test'), { kind: 'direct', address: '127.18.2.10' });
  });

  it('resolves names case-insensitively', async () => {
    assert.deepEqual(await planRoute(corp, 'FS.Contoso.TEST'), { kind: 'direct', address: '127.18.2.10' });
  });

  it('goes through the edge forward proxy for login.microsoftonline.test', async () => {
    assert.deepEqual(await planRoute(corp, 'login.microsoftonline.test'), { kind: 'proxy', proxyAddress: '127.18.2.2', proxyPort: 8080 });
  });

  it('routes adfs, standing in its own container view, via the proxy to the cloud', async () => {
    const adfs: Vantage = { from: 'adfs', networks: ['corp'], egress: 'proxy', plan: localPlan, resolver: containerResolver('adfs', localPlan) };
    assert.equal((await planRoute(adfs, 'outlook.office365.test')).kind, 'proxy');
  });

  it('fails with PROXY_NOT_FOUND when a proxy egress cannot resolve proxy.contoso.test', async () => {
    const lost = standingOn('perimeter', 'proxy');
    await assert.rejects(planRoute(lost, 'login.microsoftonline.test'), labErrorWithCode('PROXY_NOT_FOUND'));
  });
});

describe('planRoute from the internet', () => {
  it('goes direct to fs.contoso.test, which the internet resolves to the edge', async () => {
    assert.deepEqual(await planRoute(internet, 'fs.contoso.test'), { kind: 'direct', address: '127.18.0.2' });
  });

  it('fails with DNS_NOT_FOUND for dc.contoso.test, naming the hop', async () => {
    await assert.rejects(planRoute(internet, 'dc.contoso.test'), (error: unknown) => {
      assert.ok(error instanceof LabError);
      assert.equal(error.code, 'DNS_NOT_FOUND');
      assert.equal(error.statusCode, 502);
      assert.equal(error.hop, 'internet host → dc.contoso.test');
      return true;
    });
  });
});

describe('planRoute with no egress', () => {
  it('fails with DNS_NOT_FOUND for a name wap cannot resolve, instead of trying a proxy', async () => {
    await assert.rejects(planRoute(wap, 'login.microsoftonline.test'), labErrorWithCode('DNS_NOT_FOUND'));
  });

  it('still goes direct to names on its own networks', async () => {
    assert.deepEqual(await planRoute(wap, 'fs.contoso.test'), { kind: 'direct', address: '127.18.2.10' });
  });
});

describe('assertRoutable', () => {
  it('throws NO_ROUTE when a corp host dials an internet address', () => {
    assert.throws(() => assertRoutable(corp, '127.18.0.10', 'login.microsoftonline.test'), labErrorWithCode('NO_ROUTE'));
  });

  it('throws NO_ROUTE for an address outside every lab network', () => {
    assert.throws(() => assertRoutable(corp, '8.8.8.8', 'dns.google'), labErrorWithCode('NO_ROUTE'));
  });

  it('lets a host dial an address on a network it is attached to', () => {
    assert.doesNotThrow(() => assertRoutable(wap, '127.18.1.2', 'edge'));
    assert.doesNotThrow(() => assertRoutable(wap, '127.18.2.10', 'adfs'));
  });

  it('makes planRoute fail with NO_ROUTE when a resolver answers with an unreachable address', async () => {
    const misled = standingOn('corp', 'proxy', networkResolver('internet', localPlan));
    await assert.rejects(planRoute(misled, 'login.microsoftonline.test'), labErrorWithCode('NO_ROUTE'));
  });
});
