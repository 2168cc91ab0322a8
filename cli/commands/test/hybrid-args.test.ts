import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHybridCommand, type HybridOptions } from '../hybrid-args.ts';

/** `lab hybrid`'s command line: each action, its defaults, and a clear usage error for every mistake. */
const command = (positionals: string[], options: HybridOptions = {}) => {
  const read = readHybridCommand(positionals, options);
  if (!('command' in read)) throw new Error(`refused: ${read.problem}`);
  return read.command;
};
const problem = (positionals: string[], options: HybridOptions = {}): string => {
  const read = readHybridCommand(positionals, options);
  return 'problem' in read ? read.problem : 'accepted';
};

describe('lab hybrid command line', () => {
  it('keeps configure, show and set ioc as they were, and lets set ioc name one side', () => {
    assert.deepEqual(command(['configure'], { 'no-ioc': true }), { action: 'configure', ioc: false });
    assert.deepEqual(command(['configure'], { json: false }), { action: 'configure', ioc: true });
    assert.deepEqual(command(['show'], { json: true }), { action: 'show', json: true });
    assert.deepEqual(command(['set', 'ioc'], { enabled: 'false' }), { action: 'set-ioc', sides: ['onprem', 'online'], enabled: false });
    assert.deepEqual(command(['set', 'ioc'], { enabled: 'true', side: 'online' }), { action: 'set-ioc', sides: ['online'], enabled: true });
  });

  it('sets an OrganizationRelationship on or off, its FreeBusyAccessLevel, or both, on both sides unless --side says one', () => {
    assert.deepEqual(command(['set', 'orgrel'], { enabled: 'false' }), { action: 'set-orgrel', sides: ['onprem', 'online'], enabled: false });
    assert.deepEqual(command(['set', 'orgrel'], { level: 'None', side: 'online' }), { action: 'set-orgrel', sides: ['online'], level: 'None' });
    assert.deepEqual(command(['set', 'orgrel'], { level: 'AvailabilityOnly', enabled: 'true', side: 'both' }), { action: 'set-orgrel', sides: ['onprem', 'online'], enabled: true, level: 'AvailabilityOnly' });
  });

  it('adds an OrgWideFB address space with credentials, and one of another method without them', () => {
    assert.deepEqual(command(['address-space', 'add'], { side: 'onprem', forest: 'contoso.mail.onmicrosoft.test', user: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' }), {
      action: 'address-space-add',
      side: 'onprem',
      space: { ForestName: 'contoso.mail.onmicrosoft.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'ann@contoso.onmicrosoft.test', Password: 'Ann!Lab2026' },
    });
    const proxy = command(['address-space', 'add'], { side: 'online', forest: 'contoso.test', 'access-method': 'InternalProxy', autodiscover: 'https://autodiscover.contoso.test/autodiscover/autodiscover.xml' });
    assert.deepEqual(proxy, { action: 'address-space-add', side: 'online', space: { ForestName: 'contoso.test', AccessMethod: 'InternalProxy', UseServiceAccount: true, TargetAutodiscoverEpr: 'https://autodiscover.contoso.test/autodiscover/autodiscover.xml', UserName: null } });
    assert.deepEqual(command(['address-space', 'remove'], { side: 'onprem', forest: 'contoso.mail.onmicrosoft.test' }), { action: 'address-space-remove', side: 'onprem', forest: 'contoso.mail.onmicrosoft.test' });
  });

  it('names what is wrong: the command, an option that does not apply, a missing or malformed value', () => {
    assert.equal(problem([]), 'name a command');
    assert.equal(problem(['set', 'federation']), '"set federation" is not a lab hybrid command');
    assert.equal(problem(['show', 'extra']), '"show extra" is not a lab hybrid command');
    assert.equal(problem(['set', 'ioc'], { enabled: 'false', level: 'None' }), '--level does not apply to lab hybrid set ioc');
    assert.equal(problem(['show'], { side: 'onprem' }), '--side does not apply to lab hybrid show');
    assert.equal(problem(['set', 'ioc']), '--enabled is missing; expected true or false');
    assert.equal(problem(['set', 'orgrel'], { enabled: 'yes' }), '--enabled is "yes"; expected true or false');
    assert.equal(problem(['set', 'orgrel']), 'say what to set: --enabled true|false, --level None|AvailabilityOnly|LimitedDetails, or both');
    assert.equal(problem(['set', 'orgrel'], { level: 'Full' }), '--level is "Full"; expected None, AvailabilityOnly, LimitedDetails');
    assert.equal(problem(['set', 'orgrel'], { level: 'None', side: 'cloud' }), '--side is "cloud"; expected onprem, online or both');
    assert.equal(problem(['address-space', 'add'], { forest: 'contoso.test' }), '--side is missing; expected onprem or online');
    assert.equal(problem(['address-space', 'add'], { side: 'both', forest: 'contoso.test' }), '--side is "both"; expected onprem or online');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem' }), "--forest is missing; name the other organization's domain, e.g. contoso.mail.onmicrosoft.test");
    assert.equal(problem(['address-space', 'remove'], { side: 'onprem', forest: 'not a domain' }), '--forest is "not a domain"; expected a domain name');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test' }), '--user and --password are needed for OrgWideFB: the account that signs in to contoso.test with Basic');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test', 'access-method': 'InternalProxy', user: 'x@contoso.test' }), '--user and --password go together');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test', 'access-method': 'Magic' }), '--access-method is "Magic"; expected PerUserFB, OrgWideFB, OrgWideFBToken, InternalProxy, PublicFolder');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test', user: 'a b', password: 'p' }), '--user is "a b"; expected a user name without spaces');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test', user: 'a@contoso.test', password: '' }), '--password is empty');
    assert.equal(problem(['address-space', 'add'], { side: 'onprem', forest: 'contoso.test', user: 'a@contoso.test', password: 'p', autodiscover: 'http://x.test/' }), '--autodiscover is "http://x.test/"; expected an https:// URL');
    assert.equal(problem(['address-space', 'remove'], { side: 'onprem', forest: 'contoso.test', user: 'a@contoso.test' }), '--user does not apply to lab hybrid address-space remove');
  });
});
