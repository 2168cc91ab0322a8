import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeBusyView } from '../../ews/availability/free-busy-view.ts';
import { readAvailabilityResponse, soapFaultOf } from '../../ews/availability/read-response.ts';
import { renderAvailabilityResponse, type MailboxAvailability } from '../../ews/availability/render-response.ts';
import { utc } from '../../ews/availability/time-zone.ts';
import type { AvailabilityAddressSpace, IntraOrganizationConnector, OrganizationRelationship } from '../../hybrid-config/objects.ts';
import { organizationRelationship } from '../../hybrid-config/test/fixtures.ts';
import { readBearerChallenge } from '../availability-client.ts';
import { getUserSettingsRequest, readEwsUrl, readFederationInformation } from '../autodiscover-client.ts';
import { chooseRoute } from '../route.ts';

/** The requesting side's pure pieces: the route (server-flows §1.9), the 401 challenge, Autodiscover answers, and the partner's availability answer read back. */
function hybrid(objects: { iocs?: IntraOrganizationConnector[]; orgRels?: OrganizationRelationship[]; spaces?: AvailabilityAddressSpace[] }) {
  return {
    intraOrganizationConnectors: () => objects.iocs ?? [],
    organizationRelationships: () => objects.orgRels ?? [],
    list: <K extends string>(kind: K) => (kind === 'AvailabilityAddressSpace' ? (objects.spaces ?? []) : []) as never,
  };
}

const ioc = (enabled: boolean): IntraOrganizationConnector => ({ Name: 'ExchangeHybridOnlineToOnPremises', DiscoveryEndpoint: 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc', TargetAddressDomains: ['Contoso.test'], Enabled: enabled, TargetSharingEpr: null });
const space: AvailabilityAddressSpace = { ForestName: 'contoso.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'migadmin@contoso.test', Password: 'x' };

describe('chooseRoute: IOC → OrgRel → address space', () => {
  it('takes an enabled IOC listing the domain first, comparing case-insensitively', () => {
    assert.equal(chooseRoute(hybrid({ iocs: [ioc(true)], orgRels: [organizationRelationship()], spaces: [space] }), 'CONTOSO.TEST').kind, 'oauth');
  });

  it('skips a disabled IOC for the OrgRel, and says so', () => {
    const route = chooseRoute(hybrid({ iocs: [ioc(false)], orgRels: [organizationRelationship()], spaces: [space] }), 'contoso.test');
    assert.equal(route.kind, 'dauth');
    assert.match(route.why, /lists contoso\.test but is disabled; OrganizationRelationship "O365 to On-premises" lists it → DAuth/);
  });

  it('skips a disabled OrgRel for the address space, and finds nothing for another domain', () => {
    const objects = hybrid({ iocs: [ioc(false)], orgRels: [organizationRelationship({ Enabled: false })], spaces: [space] });
    assert.equal(chooseRoute(objects, 'contoso.test').kind, 'legacy');
    const none = chooseRoute(objects, 'fabrikam.test');
    assert.equal(none.kind, 'none');
    assert.match(none.why, /no configured path to fabrikam\.test/);
  });
});

describe('the 401 challenge and Autodiscover answers', () => {
  it('reads client_id and trusted_issuers from a Bearer challenge beside Basic, in one header or two', () => {
    const expected = { clientId: '00000002-0000-0ff1-ce00-000000000000', trustedIssuers: ['00000001-0000-0000-c000-000000000000@t1', 'other@t2'] };
    const bearer = 'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@t1,other@t2"';
    assert.deepEqual(readBearerChallenge([bearer, 'Basic Realm=""']), expected);
    assert.deepEqual(readBearerChallenge(`${bearer}, Basic Realm=""`), expected);
    assert.equal(readBearerChallenge('Basic Realm=""'), undefined);
  });

  it('reads the EWS URL of GetUserSettings, and names a redirect or an error instead', () => {
    const answer = (user: string) => `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetUserSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover"><Response><ErrorCode>NoError</ErrorCode><UserResponses><UserResponse>${user}</UserResponse></UserResponses></Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>`;
    const ok = readEwsUrl(answer('<ErrorCode>NoError</ErrorCode><UserSettings><UserSetting><Name>ExternalEwsUrl</Name><Value>https://mail.contoso.test/EWS/Exchange.asmx</Value></UserSetting></UserSettings>'));
    assert.deepEqual(ok, { ok: true, ewsUrl: 'https://mail.contoso.test/EWS/Exchange.asmx' });
    assert.deepEqual(readEwsUrl(answer('<ErrorCode>RedirectAddress</ErrorCode><RedirectTarget>joe@contoso.mail.onmicrosoft.test</RedirectTarget>')), { ok: false, reason: 'RedirectAddress to joe@contoso.mail.onmicrosoft.test: the mailbox is not in that organization' });
    assert.equal(readEwsUrl(answer('<ErrorCode>NoError</ErrorCode><UserSettings><UserSetting><Name>ExternalEwsUrl</Name><Value>http://plain/EWS</Value></UserSetting></UserSettings>')).ok, false);
    assert.equal(readEwsUrl('<not-xml').ok, false);
    assert.equal(readFederationInformation('<x/>').ok, false);
  });

  it('writes GetUserSettings with wsa:Action and wsa:To, or with the WS-Security header it is given instead', () => {
    assert.match(getUserSettingsRequest('https://a/autodiscover/autodiscover.svc', 'joe@contoso.test'), /<wsa:Action soap:mustUnderstand="1">http:\/\/schemas\.microsoft\.com\/exchange\/2010\/Autodiscover\/Autodiscover\/GetUserSettings<\/wsa:Action>/);
    assert.doesNotMatch(getUserSettingsRequest('https://a', 'joe@contoso.test', '<wsse:Security/>'), /wsa:Action/);
  });
});

describe("reading the partner's GetUserAvailability answer back", () => {
  const request = { mailboxes: [], start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z'), intervalMinutes: 30, requestedView: 'DetailedMerged' as const, timeZone: utc };
  const items = [{ id: 1, subject: 'Budget review', location: 'Room 4.1', start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T10:00:00Z'), recurring: true }];

  it('gives back the views and per-mailbox errors the lab renders, event for event', () => {
    const answers: MailboxAvailability[] = [
      { kind: 'view', view: freeBusyView('joe@contoso.test', items as never, request, 'limited') },
      { kind: 'error', responseCode: 'ErrorNoFreeBusyAccess', messageText: 'no access' },
    ];
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${renderAvailabilityResponse(answers, utc)}</s:Body></s:Envelope>`;
    assert.deepEqual(readAvailabilityResponse(xml, 2, 'hop'), answers);
  });

  it('refuses an answer with the wrong number of responses, and reads a SOAP fault’s ResponseCode', () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${renderAvailabilityResponse([], utc)}</s:Body></s:Envelope>`;
    assert.throws(() => readAvailabilityResponse(xml, 1, 'the hop'), (error: Error & { code?: string; hop?: string }) => error.code === 'AVAILABILITY_RESPONSE_INVALID' && error.hop === 'the hop');
    const fault = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>a:ErrorInvalidRequest</faultcode><faultstring>bad</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInvalidRequest</e:ResponseCode></detail></s:Fault></s:Body></s:Envelope>';
    assert.deepEqual(soapFaultOf(fault), { code: 'ErrorInvalidRequest', text: 'bad' });
  });
});

describe('the EWS URL cache', () => {
  it('keeps a URL for its lifetime, then forgets it; forget drops it at once', async () => {
    const { EwsUrlCache } = await import('../ews-url-cache.ts');
    let now = new Date('2026-03-02T00:00:00Z');
    const cache = new EwsUrlCache({ now: () => now, lifetimeSeconds: 600 });
    cache.store('oauth|a|contoso.test', 'https://mail.contoso.test/EWS/Exchange.asmx');
    now = new Date(now.getTime() + 599_000);
    assert.equal(cache.get('oauth|a|contoso.test'), 'https://mail.contoso.test/EWS/Exchange.asmx');
    now = new Date(now.getTime() + 1_000);
    assert.equal(cache.get('oauth|a|contoso.test'), undefined);
    cache.store('k', 'https://x/EWS/Exchange.asmx');
    cache.forget('k');
    assert.equal(cache.get('k'), undefined);
  });
});

describe('soapFaultOf', () => {
  it('reads a SOAP 1.2 fault’s Reason/Text, as the federation gateway answers', () => {
    const fault = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">the request signature does not verify</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>';
    assert.deepEqual(soapFaultOf(fault), { code: undefined, text: 'the request signature does not verify' });
  });
});
