import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { basic, createClientAccessTestBed, ews, findInbox, joe, ns, texts, type ClientAccessTestBed } from './support/client-access-test-bed.ts';
import { rstrEnvelope, stsUrl } from './support/fake-credential-service.ts';

/**
 * Flow F6 with the far ends in memory (client-flows §2.4, §3): every hop the Basic-auth
 * proxy takes, what it sends, and how each failure reaches the client.
 */
let bed: ClientAccessTestBed;
before(async () => {
  bed = await createClientAccessTestBed();
});
after(() => bed.dispose());
beforeEach(() => {
  bed.service.calls.length = 0;
  bed.service.stsFailure = undefined;
  bed.service.stsResponse = undefined;
  bed.service.tamper = undefined;
  bed.service.azureAuthFailure = undefined;
  // Each test starts past every cached sign-in of the one before.
  bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 120_000);
});

function assertRefused(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['x-ms-diagnostics']), new RegExp(`^${code};reason="[^"]+";hop="[^"]+";error_category="`));
  if (status === 401) assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
  else assert.equal(response.headers['www-authenticate'], undefined);
}

const connectFailed = (reason: string, code?: string): LabError =>
  new LabError({ code: 'CONNECT_FAILED', statusCode: 502, message: `cannot connect to fs.contoso.test: ${reason}`, hop: 'exchange-online → fs.contoso.test', cause: Object.assign(new Error(reason), { code: code ?? reason }) });

describe('F6: Joe (federated) with Basic credentials', () => {
  it('gets his inbox over EWS: realm discovery, WS-Trust 2005 at AD FS, the SAML bearer grant, the token verified', async () => {
    const response = await ews(bed.app, joe, findInbox());
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Vendor call notes', 'Welcome to Exchange Online']);
    assert.deepEqual(bed.service.calls.map((call) => new URL(call.url).pathname.split('/').at(-1)), ['GetUserRealm.srf', 'usernamemixed', 'token', 'openid-configuration', 'keys']);
  });

  it('sends AD FS the 2005 RST Exchange sends: AppliesTo, a 5-minute Timestamp and the X-MS-Client headers', async () => {
    await ews(bed.app, joe, findInbox(), { 'x-forwarded-for': '203.0.113.9' });
    const [rst] = bed.service.callsTo('usernamemixed');
    assert.equal(rst?.url, stsUrl);
    assert.equal(rst?.headers['content-type'], 'application/soap+xml; charset=utf-8');
    assert.equal(rst?.headers['x-ms-client-application'], 'Microsoft.Exchange.WebServices');
    assert.equal(rst?.headers['x-ms-client-user-agent'], 'ExchangeServicesClient/15.0');
    assert.equal(rst?.headers['x-ms-forwarded-client-ip'], '127.0.0.1');
    assert.match(rst!.body, /<wsa:Action s:mustUnderstand="1">http:\/\/schemas\.xmlsoap\.org\/ws\/2005\/02\/trust\/RST\/Issue<\/wsa:Action>/);
    assert.match(rst!.body, /<wsa:Address>urn:federation:MicrosoftOnline<\/wsa:Address>/);
    const [created, expires] = texts(rst!.body, 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd', 'Created').concat(texts(rst!.body, 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd', 'Expires'));
    assert.equal(Date.parse(expires!) - Date.parse(created!), 5 * 60_000);
  });

  it('trades the assertion at azure-auth as Exchange Online (client_id and resource 00000002-…)', async () => {
    await ews(bed.app, joe, findInbox());
    const grant = new URLSearchParams(bed.service.callsTo('/oauth2/token')[0]!.body);
    assert.equal(grant.get('grant_type'), 'urn:ietf:params:oauth:grant-type:saml1_1-bearer');
    assert.equal(grant.get('client_id'), '00000002-0000-0ff1-ce00-000000000000');
    assert.equal(grant.get('resource'), '00000002-0000-0ff1-ce00-000000000000');
    assert.match(Buffer.from(grant.get('assertion')!, 'base64').toString('utf8'), /^<saml:Assertion /);
  });

  it('reuses a success for 60 s only, and never for another password', async () => {
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200);
    bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 59_000);
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200);
    assert.equal(bed.service.callsTo('usernamemixed').length, 1, 'the second request was served from the cache');
    assertRefused(await ews(bed.app, basic('joe@contoso.test', 'Joe!Lab2026x'), findInbox()), 401, 'BASIC_BAD_CREDENTIALS');
    bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 2_000);
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200);
    assert.equal(bed.service.callsTo('usernamemixed').length, 3, 'after 60 s AD FS is asked again');
  });
});

describe('F6: how each refusal reaches the client (client-flows §3)', () => {
  it('a wrong password is 401 Basic Realm="", federated, naming AD FS as the hop; the right one works at once after', async () => {
    const response = await ews(bed.app, basic('joe@contoso.test', 'wrong'), findInbox());
    assertRefused(response, 401, 'BASIC_BAD_CREDENTIALS');
    assert.equal(response.headers['x-ms-credential-service-federated'], 'true');
    assert.equal(response.headers['x-ms-credential-service-url'], stsUrl);
    assert.match(String(response.headers['x-ms-diagnostics']), /FailedAuthentication: MSIS3127.*hop="exchange-online -> fs\.contoso\.test \(WS-Trust 2005 usernamemixed\)"/);
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200, 'no failure is remembered');
  });

  it("Pat's expired password is 401 with X-MS-Credential-Service-CredExpired: true", async () => {
    const response = await ews(bed.app, basic('pat@contoso.test', 'Pat!Lab2026'), findInbox());
    assertRefused(response, 401, 'BASIC_PASSWORD_EXPIRED');
    assert.equal(response.headers['x-ms-credential-service-credexpired'], 'true');
  });

  it("Eve's disabled account is 401 like a bad password: AD FS answers both with FailedAuthentication", async () => {
    const response = await ews(bed.app, basic('eve@contoso.test', 'Eve!Lab2026'), findInbox());
    assertRefused(response, 401, 'BASIC_BAD_CREDENTIALS');
    assert.equal(response.headers['x-ms-credential-service-credexpired'], undefined);
  });

  it('Mary signs in but has no mailbox in the cloud: 403, account not provisioned', async () => {
    assertRefused(await ews(bed.app, basic('mary@contoso.test', 'Mary!Lab2026'), findInbox()), 403, 'MAILBOX_NOT_PROVISIONED');
  });

  it('a user name that is no SMTP address is 401 before anything is asked upstream', async () => {
    assertRefused(await ews(bed.app, basic('CONTOSO\\joe', 'Joe!Lab2026'), findInbox()), 401, 'BASIC_NOT_SMTP');
    assert.equal(bed.service.calls.length, 0);
  });

  it('a domain the tenant does not have is 403, user not found', async () => {
    assertRefused(await ews(bed.app, basic('joe@fabrikam.test', 'Joe!Lab2026'), findInbox()), 403, 'BASIC_UNKNOWN_DOMAIN');
  });

  it('unreadable Basic credentials are 401', async () => {
    assertRefused(await ews(bed.app, 'Basic not*base64', findInbox()), 401, 'BASIC_MALFORMED');
    assertRefused(await ews(bed.app, `Basic ${Buffer.from('no-colon').toString('base64')}`, findInbox()), 401, 'BASIC_MALFORMED');
  });
});

describe('F6: managed users go to azure-auth directly', () => {
  it('Ann (cloud) and Sam (PHS) sign in with the password grant, never touching AD FS', async () => {
    assert.equal((await ews(bed.app, basic('ann@contoso.onmicrosoft.test', 'Ann!Lab2026'), findInbox())).statusCode, 200);
    assert.equal((await ews(bed.app, basic('sam@litware.test', 'Sam!Lab2026'), findInbox())).statusCode, 200);
    assert.equal(bed.service.callsTo('usernamemixed').length, 0);
    assert.deepEqual(bed.service.callsTo('/oauth2/token').map((call) => new URLSearchParams(call.body).get('grant_type')), ['password', 'password']);
  });

  it("azure-auth's refusals keep their meaning: AADSTS50126 401 not federated, AADSTS50055 CredExpired", async () => {
    const wrong = await ews(bed.app, basic('ann@contoso.onmicrosoft.test', 'nope'), findInbox());
    assertRefused(wrong, 401, 'BASIC_CLOUD_REFUSED');
    assert.equal(wrong.headers['x-ms-credential-service-federated'], 'false');
    assert.match(String(wrong.headers['x-ms-diagnostics']), /AADSTS50126/);
    const expired = await ews(bed.app, basic('lee@litware.test', 'Lee!Lab2026'), findInbox());
    assertRefused(expired, 401, 'BASIC_CLOUD_REFUSED');
    assert.equal(expired.headers['x-ms-credential-service-credexpired'], 'true');
  });
});

describe('F6: when the identity provider fails', () => {
  it('AD FS unreachable (connection refused) is the IdP-failure 401 with the STS URL and the cause; service resumes when it is back', async () => {
    bed.service.stsFailure = connectFailed('ECONNREFUSED');
    const response = await ews(bed.app, joe, findInbox());
    assertRefused(response, 401, 'BASIC_UPSTREAM_UNREACHABLE');
    assert.equal(response.headers['x-ms-credential-service-federated'], 'true');
    assert.equal(response.headers['x-ms-credential-service-url'], stsUrl);
    assert.match(String(response.headers['x-ms-diagnostics']), /ECONNREFUSED.*error_category="idp-failure"/);
    bed.service.stsFailure = undefined;
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200);
  });

  it("a 502 from the edge and the WAP is the IdP-failure 401, quoting the proxies' own answer and Via", async () => {
    bed.service.stsResponse = () => ({ status: 502, headers: { via: '1.1 wap, 1.1 edge', 'content-type': 'text/plain' }, body: '502 UPSTREAM_CONNECT_FAILED: cannot connect to fs.contoso.test: ECONNREFUSED (hop: wap → adfs)\n', correlationId: 'x' });
    const response = await ews(bed.app, joe, findInbox());
    assertRefused(response, 401, 'BASIC_IDP_FAILED');
    assert.match(String(response.headers['x-ms-diagnostics']), /HTTP 502 via 1\.1 wap, 1\.1 edge: 502 UPSTREAM_CONNECT_FAILED.*wap -> adfs/);
  });

  it('a timeout is 503 with Retry-After', async () => {
    bed.service.stsFailure = connectFailed('UND_ERR_HEADERS_TIMEOUT');
    const response = await ews(bed.app, joe, findInbox());
    assertRefused(response, 503, 'BASIC_UPSTREAM_TIMEOUT');
    assert.equal(response.headers['retry-after'], '30');
  });

  it('an STSAuthURL that is not https is refused before the password is sent', async () => {
    bed.service.realms.set('contoso.test', { type: 'Federated', stsUrl: 'http://fs.contoso.test/adfs/services/trust/2005/usernamemixed' });
    try {
      assertRefused(await ews(bed.app, joe, findInbox()), 401, 'BASIC_STS_NOT_HTTPS');
      assert.equal(bed.service.callsTo('usernamemixed').length, 0);
    } finally {
      bed.service.realms.set('contoso.test', { type: 'Federated', stsUrl });
    }
  });

  it('a federated domain the cloud knows no STS for is the IdP-failure 401', async () => {
    bed.service.realms.set('contoso.test', { type: 'Federated' });
    try {
      assertRefused(await ews(bed.app, joe, findInbox()), 401, 'BASIC_NO_STS');
    } finally {
      bed.service.realms.set('contoso.test', { type: 'Federated', stsUrl });
    }
  });

  it('an RSTR without exactly one assertion at the 2005 path, or above 128 KiB, is refused', async () => {
    const assertion = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" AssertionID="_1"/>';
    const rstr13 = `<t:RequestSecurityTokenResponse xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><t:RequestedSecurityToken>${assertion}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`;
    const twice = `<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"><t:RequestedSecurityToken>${assertion}${assertion}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`;
    const huge = `<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"><t:RequestedSecurityToken>${assertion}</t:RequestedSecurityToken><!--${'x'.repeat(130 * 1024)}--></t:RequestSecurityTokenResponse>`;
    for (const rstr of [rstr13, twice, huge]) {
      bed.service.stsResponse = () => ({ status: 200, headers: {}, body: rstrEnvelope(rstr), correlationId: 'x' });
      assertRefused(await ews(bed.app, joe, findInbox()), 401, 'BASIC_STS_BAD_RSTR');
    }
    assert.equal(bed.service.callsTo('/oauth2/token').length, 0, 'nothing was presented to azure-auth');
  });

  it('an assertion altered between AD FS and azure-auth is refused by its consumer: 401, nothing served', async () => {
    bed.service.tamper = (assertion) => assertion.replace('joe@contoso.test', 'ann@contoso.onmicrosoft.test');
    const response = await ews(bed.app, joe, findInbox());
    assertRefused(response, 401, 'BASIC_ASSERTION_REFUSED');
    assert.match(String(response.headers['x-ms-diagnostics']), /SAML_SIGNATURE/);
  });

  it('azure-auth unreachable is 503 with Retry-After', async () => {
    bed.service.azureAuthFailure = new LabError({ code: 'CONNECT_FAILED', statusCode: 502, message: 'cannot connect to login.microsoftonline.test: ECONNREFUSED', cause: Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const response = await ews(bed.app, joe, findInbox());
    assertRefused(response, 503, 'BASIC_UPSTREAM_UNREACHABLE');
    assert.match(String(response.headers['x-ms-diagnostics']), /GetUserRealm\.srf/);
  });
});
