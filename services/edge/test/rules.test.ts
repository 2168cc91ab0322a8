import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { loadEdgeConfig } from '../src/config.ts';
import { canonicalPath, decide, loadRuleSet, type RuleSet } from '../src/domain/rules.ts';

const allowAllFile = fileURLToPath(new URL('../rule-sets/allow-all.yaml', import.meta.url));

/** Rule files by scenario, written to a temp dir: each breaks one thing. */
const scenarios: Record<string, string> = {
  'bad-yaml': 'name: broken\nrules: [ {name: a, direction: inbound\n',
  'no-rules': 'name: empty\ndescription: forgot the rules\n',
  'rules-not-a-list': 'name: odd\nrules: publish-everything\n',
  'bad-direction': 'name: s\nrules:\n  - {name: ok, direction: inbound, action: allow}\n  - {name: sideways, direction: lateral, action: allow}\n',
  'bad-action': 'name: s\nrules:\n  - {name: maybe, direction: outbound, action: log}\n',
  'hosts-not-a-list': 'name: s\nrules:\n  - {name: single-host, direction: inbound, action: allow, hosts: fs.contoso.test}\n',
  'unnamed-rule': 'name: s\nrules:\n  - {direction: inbound, action: allow}\n',
  'mixed-case-hosts': 'name: s\nrules:\n  - {name: fs-only, direction: inbound, action: allow, hosts: [FS.Contoso.TEST]}\n',
};

let dir: string;
const fileFor = (scenario: string): string => join(dir, `rules.${scenario}.yaml`);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-edge-rules-'));
  for (const [scenario, text] of Object.entries(scenarios)) writeFileSync(fileFor(scenario), text);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const hybridMinimum: RuleSet = {
  name: 'test',
  description: '',
  rules: [
    { name: 'deny-adfs-ls', direction: 'inbound', action: 'deny', hosts: ['fs.contoso.test'], pathPrefix: '/adfs/ls/' },
    { name: 'publish-adfs', direction: 'inbound', action: 'allow', hosts: ['fs.contoso.test'], pathPrefix: '/adfs/' },
    { name: 'publish-ews', direction: 'inbound', action: 'allow', hosts: ['mail.contoso.test'] },
    { name: 'deny-all-outbound', direction: 'outbound', action: 'deny' },
    { name: 'allow-cloud', direction: 'outbound', action: 'allow', hosts: ['login.microsoftonline.test'] },
  ],
};

describe('decide', () => {
  it('answers with the first rule that matches, even when a later one would allow', () => {
    assert.deepEqual(decide(hybridMinimum, { direction: 'inbound', host: 'fs.contoso.test', path: '/adfs/ls/?wa=wsignin1.0' }), { action: 'deny', rule: 'deny-adfs-ls' });
    assert.deepEqual(decide(hybridMinimum, { direction: 'outbound', host: 'login.microsoftonline.test' }), { action: 'deny', rule: 'deny-all-outbound' });
  });

  it('falls through to a later rule when an earlier one does not match', () => {
    assert.deepEqual(decide(hybridMinimum, { direction: 'inbound', host: 'fs.contoso.test', path: '/adfs/services/trust/mex' }), { action: 'allow', rule: 'publish-adfs' });
  });

  it('denies by default when no rule matches', () => {
    assert.deepEqual(decide(hybridMinimum, { direction: 'inbound', host: 'autodiscover.contoso.test', path: '/' }), { action: 'deny', rule: '(default deny)' });
    assert.deepEqual(decide({ name: 'none', description: '', rules: [] }, { direction: 'outbound', host: 'x.test' }), { action: 'deny', rule: '(default deny)' });
  });

  it('applies a rule only to its direction', () => {
    const inboundOnly: RuleSet = { name: 's', description: '', rules: [{ name: 'in', direction: 'inbound', action: 'allow' }] };
    assert.equal(decide(inboundOnly, { direction: 'outbound', host: 'fs.contoso.test' }).rule, '(default deny)');
  });

  it('filters by host, ignoring the case of the requested host', () => {
    assert.equal(decide(hybridMinimum, { direction: 'inbound', host: 'MAIL.Contoso.Test', path: '/ews/' }).rule, 'publish-ews');
    assert.equal(decide(hybridMinimum, { direction: 'inbound', host: 'mail.fabrikam.test', path: '/ews/' }).rule, '(default deny)');
  });

  it('compares the path prefix case-insensitively, as IIS does', () => {
    assert.equal(decide(hybridMinimum, { direction: 'inbound', host: 'fs.contoso.test', path: '/ADFS/LS/' }).rule, 'deny-adfs-ls');
    assert.equal(decide(hybridMinimum, { direction: 'inbound', host: 'fs.contoso.test', path: '/Adfs/Services/Trust' }).rule, 'publish-adfs');
  });

  it('does not match a path-prefix rule when the request has no path', () => {
    assert.equal(decide(hybridMinimum, { direction: 'inbound', host: 'fs.contoso.test' }).rule, '(default deny)');
  });
});

describe('loadRuleSet', () => {
  it('loads the shipped allow-all set, which allows inbound and outbound', () => {
    const ruleSet = loadRuleSet(allowAllFile, 'LAB_EDGE_RULES');
    assert.equal(ruleSet.name, 'allow-all');
    assert.deepEqual(decide(ruleSet, { direction: 'inbound', host: 'fs.contoso.test', path: '/adfs/ls/' }), { action: 'allow', rule: 'publish-everything' });
    assert.deepEqual(decide(ruleSet, { direction: 'outbound', host: 'login.microsoftonline.test' }), { action: 'allow', rule: 'proxy-everything' });
  });

  it('loads the shipped hybrid-minimum set: Autodiscover SOAP and EWS (with WSSecurity) in, the rest of mail.contoso.test and dc out, only cloud names out', () => {
    const ruleSet = loadRuleSet(fileURLToPath(new URL('../rule-sets/hybrid-minimum.yaml', import.meta.url)), 'LAB_EDGE_RULES');
    const inbound = (host: string, path: string): string => decide(ruleSet, { direction: 'inbound', host, path }).rule;
    assert.equal(inbound('autodiscover.contoso.test', '/autodiscover/autodiscover.svc/WSSecurity'), 'publish-autodiscover-svc');
    assert.equal(inbound('mail.contoso.test', '/EWS/Exchange.asmx'), 'publish-ews');
    assert.equal(inbound('mail.contoso.test', '/ews/exchange.asmx/wssecurity'), 'publish-ews');
    assert.equal(inbound('mail.contoso.test', '/hybrid-admin/OrganizationRelationship'), '(default deny)');
    assert.equal(inbound('mail.contoso.test', '/_lab/state'), '(default deny)');
    assert.equal(decide(ruleSet, { direction: 'outbound', host: 'accounts.accesscontrol.windows.test' }).rule, 'proxy-cloud');
    assert.equal(decide(ruleSet, { direction: 'outbound', host: 'example.test' }).action, 'deny');
  });

  it('lower-cases the hosts of a rule file, so matching ignores case on both sides', () => {
    const ruleSet = loadRuleSet(fileFor('mixed-case-hosts'), 'LAB_EDGE_RULES');
    assert.deepEqual(ruleSet.rules[0]?.hosts, ['fs.contoso.test']);
    assert.equal(decide(ruleSet, { direction: 'inbound', host: 'Fs.Contoso.Test' }).action, 'allow');
  });

  const rejections: [scenario: string, mentions: RegExp][] = [
    ['bad-yaml', /cannot be read as YAML/],
    ['no-rules', /no name or no rules list/],
    ['rules-not-a-list', /no name or no rules list/],
    ['bad-direction', /rule #2 \(sideways\) has direction "lateral"/],
    ['bad-action', /rule #1 \(maybe\) has action "log"/],
    ['hosts-not-a-list', /rule #1 \(single-host\) has hosts that are not a list/],
    ['unnamed-rule', /rule #1 has no name/],
  ];
  for (const [scenario, mentions] of rejections) {
    it(`rejects a rule file with ${scenario.replaceAll('-', ' ')} as a ConfigError on LAB_EDGE_RULES`, () => {
      assert.throws(
        () => loadRuleSet(fileFor(scenario), 'LAB_EDGE_RULES'),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.equal(error.setting, 'LAB_EDGE_RULES');
          assert.match(error.message, mentions);
          return true;
        },
      );
    });
  }
});

describe('loadEdgeConfig', () => {
  it('uses the allow-all set when LAB_EDGE_RULES is not set', () => {
    assert.equal(loadEdgeConfig({}).ruleSet.name, 'allow-all');
  });

  it('rejects a rule set name that does not exist, naming LAB_EDGE_RULES and the name', () => {
    assert.throws(() => loadEdgeConfig({ LAB_EDGE_RULES: 'no-such-set' }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_EDGE_RULES' && error.message.includes('no-such-set'));
  });

  it('accepts a path to a rule file', () => {
    assert.equal(loadEdgeConfig({ LAB_EDGE_RULES: fileFor('mixed-case-hosts') }).ruleSet.rules[0]?.name, 'fs-only');
  });

  it('passes a malformed rule file on as a ConfigError on LAB_EDGE_RULES', () => {
    assert.throws(() => loadEdgeConfig({ LAB_EDGE_RULES: fileFor('bad-action') }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_EDGE_RULES');
  });
});

describe('regression: path rules see the path the backend routes on', () => {
  const rules: RuleSet = {
    name: 't',
    description: '',
    rules: [
      { name: 'deny-ls', direction: 'inbound', action: 'deny', pathPrefix: '/adfs/ls/' },
      { name: 'allow-adfs', direction: 'inbound', action: 'allow', pathPrefix: '/adfs/' },
    ],
  };
  for (const path of ['/adfs/%6Cs/', '/adfs/./ls/', '/adfs//ls/', '/adfs/x/../ls/']) {
    it(`denies ${path}, which a backend routes to /adfs/ls/, under a deny rule for /adfs/ls/`, () => {
      assert.deepEqual(decide(rules, { direction: 'inbound', host: 'fs.contoso.test', path }), { action: 'deny', rule: 'deny-ls' });
    });
  }
  it('denies a path that cannot be percent-decoded instead of falling through to an allow rule', () => {
    assert.deepEqual(decide(rules, { direction: 'inbound', host: 'fs.contoso.test', path: '/adfs/%E0%A4%A' }), { action: 'deny', rule: '(malformed path)' });
  });
  it('canonicalPath keeps a trailing slash and the query string out', () => {
    assert.equal(canonicalPath('/adfs/ls/?wa=wsignin1.0'), '/adfs/ls/');
  });
});
