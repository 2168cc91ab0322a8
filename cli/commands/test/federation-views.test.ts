import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateFindings, compareViews, type View } from '../federation-views.ts';

/** `lab federation show`: what the two sides' token-signing certificates mean, at each point of a rollover. */
const [old, fresh] = ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222'];
const side = (signing: string | null, next: string | null): View => ({ IssuerUri: 'http://fs.contoso.test/adfs/services/trust', SigningCertificate: signing, NextSigningCertificate: next });
const mismatches = (adfs: View, cloud: View) => compareViews(adfs, cloud).filter((row) => !row.match).map((row) => row.property);

describe('lab federation show, through a token-signing rollover', () => {
  it('finds nothing when both sides agree, before and after', () => {
    assert.deepEqual(certificateFindings(side(old, null), side(old, null), 'contoso.test'), []);
    assert.deepEqual(certificateFindings(side(fresh, old), side(fresh, old), 'contoso.test'), []);
    assert.deepEqual(mismatches(side(fresh, null), side(fresh, null)), []);
  });

  it('after next, before the cloud learned it: the next certificate is flagged with the step to take before promoting', () => {
    assert.deepEqual(mismatches(side(old, fresh), side(old, null)), ['NextSigningCertificate']);
    assert.deepEqual(certificateFindings(side(old, fresh), side(old, null), 'contoso.test'), [`AD FS publishes ${fresh} beside its primary, which the cloud has not learned yet: run lab federation refresh contoso.test before lab adfs rollover --phase promote.`]);
  });

  it('after an early promote: the outage is named, with AADSTS50008', () => {
    const [finding] = certificateFindings(side(fresh, old), side(old, null), 'contoso.test');
    assert.match(finding ?? '', new RegExp(`^AD FS signs tokens with ${fresh}, which the cloud does not trust: federated sign-ins fail with AADSTS50008`));
  });

  it('after finish, before the cloud noticed: the stale trust is named', () => {
    assert.deepEqual(certificateFindings(side(fresh, null), side(fresh, old), 'contoso.test'), [`the cloud still trusts ${old}, which AD FS no longer publishes: lab federation refresh contoso.test drops it.`]);
  });

  it('says nothing of certificates while the domain is not federated', () => {
    assert.deepEqual(certificateFindings(side(old, null), side(null, null), 'contoso.test'), []);
  });
});
