import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStsMetadata } from '../../../shared/s2s/sts-metadata.ts';
import { issueCertificate } from '../../../shared/pki/issue.ts';
import { addressSpace, authServer, changedRelationship, onlineRelationship, onpremConnector, onpremRelationship } from '../hybrid-plan.ts';
import { formatList, renderSide } from '../hybrid-views.ts';

describe('lab hybrid plan and views', () => {
  it('learns the AuthServer signing thumbprint and issuing endpoint from the STS metadata', () => {
    const tenant = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';
    const sts = issueCertificate({ commonName: 'accounts.accesscontrol.windows.test', usage: 'signing', validDays: 30 });
    const metadata = buildStsMetadata(tenant, [sts.certPem]);
    const server = authServer(`https://accounts.accesscontrol.windows.test/${tenant}/metadata/json/1`, metadata);
    assert.equal(server.TokenIssuingEndpoint, `https://accounts.accesscontrol.windows.test/${tenant}/tokens/OAuth/2`);
    assert.deepEqual(server.CertificateStrings, [metadata.keys[0]!.keyInfo.x5t]);
    assert.equal(server.IssuerIdentifier, `00000001-0000-0000-c000-000000000000@${tenant}`);
  });

  it('points each OrganizationRelationship at the other side (server-flows §0, §2.5)', () => {
    const out = onpremRelationship('contoso.mail.onmicrosoft.test');
    assert.deepEqual([out.TargetApplicationUri, out.TargetAutodiscoverEpr, out.FreeBusyAccessLevel], ['outlook.test', 'https://autodiscover-s.outlook.test/autodiscover/autodiscover.svc/WSSecurity', 'LimitedDetails']);
    const back = onlineRelationship(['contoso.test'], 'FYDIBOHF25SPDLT.contoso.test');
    assert.deepEqual([back.TargetApplicationUri, back.TargetAutodiscoverEpr, back.TargetOwaURL], ['FYDIBOHF25SPDLT.contoso.test', 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc/WSSecurity', 'https://mail.contoso.test/owa/']);
    assert.equal(onpremConnector(false, 'contoso.mail.onmicrosoft.test').Enabled, false);
  });

  it('changes only what Set-OrganizationRelationship is given: Enabled, FreeBusyAccessLevel, or both', () => {
    const relationship = onpremRelationship('contoso.mail.onmicrosoft.test');
    assert.deepEqual(changedRelationship(relationship, { enabled: false }), { ...relationship, Enabled: false });
    assert.deepEqual(changedRelationship(relationship, { level: 'None' }), { ...relationship, FreeBusyAccessLevel: 'None' });
    assert.deepEqual(changedRelationship(relationship, { enabled: true, level: 'AvailabilityOnly' }), { ...relationship, Enabled: true, FreeBusyAccessLevel: 'AvailabilityOnly' });
    assert.deepEqual(changedRelationship(relationship, {}), relationship);
  });

  it('writes an address space with -Credentials as UseServiceAccount false, the user name and password; without them, the service account', () => {
    const withCredentials = addressSpace({ forest: 'contoso.mail.onmicrosoft.test', accessMethod: 'OrgWideFB', credentials: { user: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' }, autodiscover: undefined });
    assert.deepEqual(withCredentials, { ForestName: 'contoso.mail.onmicrosoft.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'ann@contoso.onmicrosoft.test', Password: 'Ann!Lab2026' });
    const own = addressSpace({ forest: 'contoso.test', accessMethod: 'InternalProxy', credentials: undefined, autodiscover: 'https://autodiscover.contoso.test/autodiscover/autodiscover.xml' });
    assert.deepEqual([own.UseServiceAccount, own.UserName, 'Password' in own, own.TargetAutodiscoverEpr], [true, null, false, 'https://autodiscover.contoso.test/autodiscover/autodiscover.xml']);
  });

  it('prints objects as Format-List does', () => {
    assert.deepEqual(formatList({ Name: 'x', Enabled: true, DomainNames: ['a.test', 'b.test'], TargetSharingEpr: null }), ['Name             : x', 'Enabled          : True', 'DomainNames      : {a.test, b.test}', 'TargetSharingEpr : ']);
    assert.match(renderSide('S', { AuthServer: [] }), /# Get-AuthServer\n\(none\)/);
  });
});
