import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { actionOf, readFault, wsa } from './support/responses.ts';
import { buildRst, endpointOf, type RstOptions } from './support/rst.ts';

const trust13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

async function post(version: '2005' | '13', payload: string, contentType = 'application/soap+xml; charset=utf-8') {
  const response = await adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': contentType }, payload });
  assert.equal(response.statusCode, 500, 'AD FS answers every WS-Trust fault with HTTP 500');
  assert.match(String(response.headers['content-type']), /^application\/soap\+xml/);
  assert.equal(actionOf(response.body), `${wsa}/soap/fault`);
  return readFault(response);
}

const rst = (options: Partial<RstOptions> & Pick<RstOptions, 'username' | 'password'>): string => buildRst({ version: '2005', created: adfs.clock.now(), ...options });

describe('usernamemixed refuses bad credentials with the subcodes Exchange reads', () => {
  it('answers a wrong password with s:Sender, a:FailedAuthentication and MSIS3127', async () => {
    const fault = await post('2005', rst({ username: 'mary@contoso.test', password: 'wrong' }));
    assert.deepEqual(fault, { code: 's:Sender', subcode: 'a:FailedAuthentication', subcodeNamespace: trust13, reason: 'MSIS3127: The specified request failed.' });
  });

  it('answers an unknown user and the disabled eve exactly as a wrong password, so nothing tells them apart', async () => {
    const unknown = await post('13', rst({ version: '13', username: 'nobody@contoso.test', password: 'Nobody!Lab2026' }));
    const eve = await post('13', rst({ version: '13', username: 'eve@contoso.test', password: 'Eve!Lab2026' }));
    const wrong = await post('13', rst({ version: '13', username: 'mary@contoso.test', password: 'Eve!Lab2026' }));
    assert.deepEqual(unknown, wrong);
    assert.deepEqual(eve, wrong);
    assert.equal(eve.subcode, 'a:FailedAuthentication');
  });

  it('answers pat, whose password must change (773), with a:FailedAuthentication.ExpiredPassword and an https URL to change it', async () => {
    const fault = await post('2005', rst({ username: 'pat@contoso.test', password: 'Pat!Lab2026' }));
    assert.equal(fault.code, 's:Sender');
    assert.equal(fault.subcode, 'a:FailedAuthentication.ExpiredPassword');
    assert.match(fault.reason, /^MSIS3127: .*https:\/\/fs\.contoso\.test\/adfs\/portal\/updatepassword\/$/);
  });

  it('answers pat with a wrong password as a plain failed authentication: expiry is only told to who knows the password', async () => {
    assert.equal((await post('2005', rst({ username: 'pat@contoso.test', password: 'wrong' }))).subcode, 'a:FailedAuthentication');
  });

  it('refuses an empty password without asking the directory (an empty simple bind would succeed)', async () => {
    assert.equal((await post('13', rst({ version: '13', username: 'mary@contoso.test', password: '' }))).subcode, 'a:FailedAuthentication');
  });
});

describe('usernamemixed refuses requests it must not serve', () => {
  it('answers a wrong AppliesTo with a:RequestFailed and MSIS7007 naming the trust', async () => {
    const fault = await post('2005', rst({ username: 'mary@contoso.test', password: 'Mary!Lab2026', appliesTo: 'urn:evil:relying-party' }));
    assert.equal(fault.subcode, 'a:RequestFailed');
    assert.match(fault.reason, /MSIS7007: The requested relying party trust 'urn:evil:relying-party' is unspecified or unsupported/);
  });

  it('answers a 1.3 Action at the 2005 endpoint with a:ActionNotSupported in the WS-Addressing namespace', async () => {
    const fault = await post('2005', rst({ username: 'mary@contoso.test', password: 'Mary!Lab2026', action: `${trust13}/RST/Issue` }));
    assert.equal(fault.subcode, 'a:ActionNotSupported');
    assert.equal(fault.subcodeNamespace, wsa);
    assert.match(fault.reason, /http:\/\/schemas\.xmlsoap\.org\/ws\/2005\/02\/trust\/RST\/Issue/);
  });

  it('answers a Timestamp created 301 s ago, or 301 s ahead, with a:InvalidSecurity', async () => {
    for (const offset of [-301, 301]) {
      const created = new Date(adfs.clock.now().getTime() + offset * 1000);
      const fault = await post('13', rst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', created }));
      assert.equal(fault.subcode, 'a:InvalidSecurity', `offset ${offset}`);
      assert.match(fault.reason, offset < 0 ? /is stale/ : /in the future/);
    }
  });

  it('rejects a DOCTYPE in the request before reading anything (XXE, entity expansion)', async () => {
    const prolog = '<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    const fault = await post('2005', rst({ username: 'mary@contoso.test', password: 'Mary!Lab2026', prolog }));
    assert.deepEqual([fault.code, fault.subcode], ['s:Sender', 'a:InvalidRequest']);
    assert.match(fault.reason, /DOCTYPE/);
    assert.doesNotMatch(fault.reason, /root:/);
  });

  it('names what is wrong in a malformed envelope: not XML, not SOAP 1.2, no UsernameToken, two Actions', async () => {
    const good = rst({ username: 'mary@contoso.test', password: 'Mary!Lab2026' });
    const cases: [string, RegExp][] = [
      ['<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>', /not well-formed|well-formedness/],
      [good.replaceAll('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/'), /not a SOAP 1\.2 Envelope/],
      [good.replace(/<wsse:UsernameToken.*<\/wsse:UsernameToken>/, ''), /wsse:UsernameToken is missing/],
      [good.replace(/(<wsa:Action[^>]*>[^<]*<\/wsa:Action>)/, '$1$1'), /more than one wsa:Action/],
    ];
    for (const [payload, reason] of cases) {
      const fault = await post('2005', payload);
      assert.equal(fault.code, 's:Sender');
      assert.match(fault.reason, reason);
    }
  });

  it('answers a body that is not application/soap+xml with a Sender fault', async () => {
    const fault = await post('2005', rst({ username: 'mary@contoso.test', password: 'Mary!Lab2026' }), 'application/x-www-form-urlencoded');
    assert.equal(fault.code, 's:Sender');
  });
});
