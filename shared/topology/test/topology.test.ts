import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addressOf,
  addressesOf,
  containerAtAddress,
  containerNames,
  containers,
  dnsView,
  dockerPlan,
  legsOf,
  localPlan,
  networks,
  publications,
  viewOfContainer,
  type ContainerName,
  type NetworkName,
} from '../index.ts';

/**
 * Design §1, "DNS views", written out by hand: what each lab name resolves to on the
 * internet and on corp, or `null` when that network's DNS does not know it.
 * Deliberately not derived from the topology definition.
 */
const designTable: Readonly<Record<string, Readonly<Record<'internet' | 'corp', ContainerName | null>>>> = {
  'login.microsoftonline.test': { internet: 'azure-auth', corp: null },
  'accounts.accesscontrol.windows.test': { internet: 'azure-auth', corp: null },
  'nexus.microsoftonline-p.test': { internet: 'azure-auth', corp: null },
  'adminwebservice.microsoftonline.test': { internet: 'azure-auth', corp: null },
  'outlook.office365.test': { internet: 'exchange-online', corp: null },
  'autodiscover-s.outlook.test': { internet: 'exchange-online', corp: null },
  'fs.contoso.test': { internet: 'edge', corp: 'adfs' },
  'mail.contoso.test': { internet: 'edge', corp: 'exchange-onprem' },
  'autodiscover.contoso.test': { internet: 'edge', corp: 'exchange-onprem' },
  'dc.contoso.test': { internet: null, corp: 'dc' },
  'proxy.contoso.test': { internet: null, corp: 'edge' },
  'adfs.corp.contoso.test': { internet: null, corp: 'adfs' },
};

const networkList: readonly NetworkName[] = ['internet', 'perimeter', 'corp'];

function everyLeg(): { container: ContainerName; network: NetworkName }[] {
  return containerNames.flatMap((container) => legsOf(container).map((network) => ({ container, network })));
}

function isInside198_18Slash15(address: string): boolean {
  const octets = address.split('.').map(Number);
  return octets.length === 4 && octets[0] === 198 && (octets[1] === 18 || octets[1] === 19) && octets.every((octet) => octet >= 0 && octet <= 255);
}

describe('the DNS views of design §1', () => {
  for (const view of ['internet', 'corp'] as const) {
    for (const [name, expected] of Object.entries(designTable)) {
      const wanted = expected[view];
      const sentence = wanted ? `resolves ${name} to ${wanted} on ${view}` : `does not resolve ${name} on ${view}`;
      it(sentence, () => {
        assert.equal(dnsView(view).get(name)?.container ?? null, wanted);
      });
    }
  }

  it('answers every name in the internet view with an address on the internet network', () => {
    for (const name of Object.keys(designTable)) {
      const entry = dnsView('internet').get(name);
      if (entry) assert.equal(entry.network, 'internet', name);
    }
  });

  it('knows no dotted name on internet or corp that design §1 does not list', () => {
    for (const view of ['internet', 'corp'] as const) {
      const dotted = [...dnsView(view).keys()].filter((name) => name.includes('.'));
      const listed = Object.keys(designTable).filter((name) => designTable[name]?.[view]);
      assert.deepEqual(dotted.sort(), listed.sort(), view);
    }
  });
});

describe('the address plans', () => {
  it('places every docker address inside 198.18.0.0/15', () => {
    for (const { container, network } of everyLeg()) {
      const address = addressOf(container, network, dockerPlan);
      assert.ok(isInside198_18Slash15(address), `${container} on ${network}: ${address}`);
    }
  });

  it('places every local address on 127.18.x.y loopback', () => {
    for (const { container, network } of everyLeg()) {
      assert.match(addressOf(container, network, localPlan), /^127\.18\.\d{1,3}\.\d{1,3}$/, `${container} on ${network}`);
    }
  });

  it('gives no two legs the same address', () => {
    for (const plan of [dockerPlan, localPlan]) {
      const addresses = containerNames.flatMap((container) => addressesOf(container, plan));
      assert.equal(new Set(addresses).size, addresses.length, plan.name);
      assert.equal(addresses.length, everyLeg().length);
    }
  });

  it('never hands out a network or gateway address (.0 or .1) to a container', () => {
    for (const { container, network } of everyLeg()) {
      const host = Number(addressOf(container, network, dockerPlan).split('.')[3]);
      assert.ok(host > 1 && host < 255, `${container} on ${network}: .${host}`);
    }
  });

  it('makes perimeter and corp internal and leaves the internet routable', () => {
    assert.equal(networks.perimeter.internal, true);
    assert.equal(networks.corp.internal, true);
    assert.equal(networks.internet.internal, false);
  });

  it('finds, for every address it hands out, the container and leg it belongs to', () => {
    for (const plan of [dockerPlan, localPlan]) {
      for (const { container, network } of everyLeg()) {
        assert.deepEqual(containerAtAddress(addressOf(container, network, plan), plan), { container, network });
      }
    }
  });

  it('finds no container at an address nobody holds', () => {
    assert.equal(containerAtAddress('198.18.2.254', dockerPlan), undefined);
    assert.equal(containerAtAddress('10.0.0.1', dockerPlan), undefined);
  });

  it('refuses to give an address on a network the container is not attached to', () => {
    assert.throws(() => addressOf('dc', 'internet', dockerPlan), TypeError);
  });
});

describe('publishing', () => {
  it('gives every publication a backend with a leg on its backend network', () => {
    for (const publication of publications) {
      assert.ok(containers[publication.backend].legs[publication.backendNetwork], `${publication.host} → ${publication.backend} on ${publication.backendNetwork}`);
    }
  });

  it('publishes only names the internet resolves to the edge', () => {
    for (const publication of publications) {
      assert.equal(dnsView('internet').get(publication.host)?.container, 'edge', publication.host);
    }
  });

  it('leaves the edge attached to every network, since it bridges them all', () => {
    assert.deepEqual(legsOf('edge'), networkList);
  });
});

describe('the view of a multi-homed container', () => {
  it('lets wap resolve fs.contoso.test to adfs on corp', () => {
    assert.deepEqual(viewOfContainer('wap').get('fs.contoso.test'), { container: 'adfs', network: 'corp' });
  });

  it('lets wap resolve adfs by its container name', () => {
    assert.deepEqual(viewOfContainer('wap').get('adfs'), { container: 'adfs', network: 'corp' });
  });

  it('does not let wap resolve any cloud name', () => {
    assert.equal(viewOfContainer('wap').get('login.microsoftonline.test'), undefined);
  });
});
