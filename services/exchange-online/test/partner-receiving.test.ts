import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { availabilityRequest, ns, texts } from '../../../test/support/exchange-requests.ts';
import { describePartnerReceiving } from '../../../test/support/partner-receive-suite.ts';
import { fakeStsMetadata, s2sToken } from '../../../test/support/partner-tokens.ts';
import { createOwaTestBed, type OwaTestBed } from './support/owa-test-bed.ts';

/**
 * exchange-online receiving a partner's free/busy request (server-flows §1.6, §2.6):
 * Mary (on-premises) asks for Joe. Over S2S OAuth her own permission on Joe's calendar
 * (Reviewer) shows the subjects; over DAuth the OrgRel's AvailabilityOnly, capped by
 * Joe's Default, shows times only.
 */
const realm = loadSeed().tenant.id;
const host = 'outlook.office365.test';

describePartnerReceiving({
  service: 'exchange-online',
  host,
  realm,
  ownFederationKey: 'signing/exchange-online-federation',
  otherFederationKey: 'signing/exchange-onprem-federation',
  applicationUri: 'outlook.test',
  s2s: { requester: 'mary@contoso.test', target: 'joe@contoso.test', subjects: ['Budget review', 'Lunch with Sam'], startTimes: ['2026-03-02T09:00:00', '2026-03-02T12:00:00'] },
  dauth: { requester: 'mary@contoso.test', target: 'joe@contoso.test', startTimes: ['2026-03-02T09:00:00', '2026-03-02T12:00:00'] },
  async start(stsMetadata) {
    const owa = await createOwaTestBed({ service: { stsMetadata } });
    const app = await owa.build();
    return {
      clock: owa.clock,
      key: owa.key,
      dispose: () => owa.dispose(),
      inject: (url, payload, headers = {}) => app.inject({ method: 'POST', url, headers: { host, 'content-type': 'text/xml; charset=utf-8', ...headers }, payload }),
    };
  },
});

describe('exchange-online tells a user Bearer token from an S2S token', () => {
  let owa: OwaTestBed;
  before(async () => {
    owa = await createOwaTestBed({ service: { stsMetadata: fakeStsMetadata(realm, () => owa.key('signing/azure-auth-oauth-signing').certPem) } });
  });
  after(() => owa.dispose());

  it("keeps the user-token path: Joe's own token shows his own calendar; an S2S token for Mary shows Joe's to her as Reviewer", async () => {
    const app = await owa.build();
    const post = (authorization: string) => app.inject({ method: 'POST', url: '/EWS/Exchange.asmx', headers: { host, 'content-type': 'text/xml', authorization }, payload: availabilityRequest(['joe@contoso.test']) });
    const user = await post(`Bearer ${await owa.fake.issueAccessToken({ upn: 'joe@contoso.test', name: 'Joe Bloggs', oid: '3d0e6a51-7f41-4c7e-9a55-1f2d3c4b5a61' })}`);
    assert.equal(user.statusCode, 200, user.body);
    assert.deepEqual(texts(user.body, ns.types, 'Subject'), ['Budget review', 'Lunch with Sam']);
    const partner = await post(`Bearer ${await s2sToken({ realm, host, smtp: 'mary@contoso.test', now: owa.clock.now, signer: owa.key('signing/azure-auth-oauth-signing') })}`);
    assert.equal(partner.statusCode, 200, partner.body);
    assert.deepEqual(texts(partner.body, ns.types, 'Subject'), ['Budget review', 'Lunch with Sam']);
    const sam = await app.inject({ method: 'POST', url: '/EWS/Exchange.asmx', headers: { host, 'content-type': 'text/xml', authorization: `Bearer ${await s2sToken({ realm, host, smtp: 'mary@contoso.test', now: owa.clock.now, signer: owa.key('signing/azure-auth-oauth-signing') })}` }, payload: availabilityRequest(['sam@litware.test']) });
    assert.deepEqual(texts(sam.body, ns.types, 'Subject'), [], "Mary has no grant on Sam's calendar: Default AvailabilityOnly");
  });

  it('refuses an S2S caller anything but GetUserAvailability', async () => {
    const app = await owa.build();
    const response = await app.inject({
      method: 'POST',
      url: '/EWS/Exchange.asmx',
      headers: { host, 'content-type': 'text/xml', authorization: `Bearer ${await s2sToken({ realm, host, smtp: 'mary@contoso.test', now: owa.clock.now, signer: owa.key('signing/azure-auth-oauth-signing') })}` },
      payload: availabilityRequest(['joe@contoso.test']).replaceAll('GetUserAvailabilityRequest', 'FindItem'),
    });
    assert.equal(response.statusCode, 500);
    assert.match(response.body, /A partner organization may call GetUserAvailabilityRequest only/);
  });
});
