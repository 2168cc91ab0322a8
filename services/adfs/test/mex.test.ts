import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { action13, action2005, adalChoice, adalUsernamePasswordPolicies, mexNamespaces, msalChoice, msalEndpoints, msalPolicyIds } from './support/mex-clients.ts';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

const usernameMixed13 = 'https://fs.contoso.test/adfs/services/trust/13/usernamemixed';
const usernameMixed2005 = 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed';

async function mex(headers: Record<string, string> = {}) {
  const response = await adfs.app.inject({ method: 'GET', url: '/adfs/services/trust/mex', headers });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/xml/);
  return parseXml(response.body);
}

describe('MEX: the WSDL ADAL and MSAL read to find usernamemixed (client-flows §1.7)', () => {
  it('is wsdl:definitions named SecurityTokenService', async () => {
    const root = (await mex()).documentElement!;
    assert.equal(root.namespaceURI, mexNamespaces.wsdl);
    assert.equal(root.localName, 'definitions');
    assert.equal(root.getAttribute('name'), 'SecurityTokenService');
  });

  it('gives ADAL both username policies with their https endpoints, and ADAL chooses 1.3', async () => {
    const dom = await mex();
    const policies = adalUsernamePasswordPolicies(dom);
    assert.deepEqual(policies.get('#UserNameWSTrustBinding_IWSTrust13Async_policy'), { version: '13', url: usernameMixed13 });
    assert.deepEqual(policies.get('#UserNameWSTrustBinding_IWSTrustFeb2005Async_policy'), { version: '2005', url: usernameMixed2005 });
    assert.deepEqual(adalChoice(dom), { version: '13', url: usernameMixed13 });
  });

  it('gives MSAL-python the 1.3 and 2005 usernamemixed endpoints with their actions, and MSAL chooses 1.3', async () => {
    const dom = await mex();
    assert.deepEqual(msalEndpoints(dom), [
      { address: usernameMixed2005, action: action2005 },
      { address: usernameMixed13, action: action13 },
    ]);
    assert.deepEqual(msalChoice(dom), { address: usernameMixed13, action: action13 });
  });

  it('offers windowstransport (MSAL\'s IWA policy) on corp, and not to a request that came through the proxy', async () => {
    const iwaPath = 'wsp:Policy/wsp:ExactlyOne/wsp:All/http:NegotiateAuthentication';
    const direct = msalPolicyIds((await mex()).documentElement!, iwaPath, './/sp2005:TransportBinding');
    const proxied = msalPolicyIds((await mex({ 'x-ms-proxy': 'wap' })).documentElement!, iwaPath, './/sp2005:TransportBinding');
    assert.deepEqual([...direct], ['#CustomBinding_IWSTrustFeb2005Async_policy']);
    assert.deepEqual([...proxied], []);
  });

  it('keeps usernamemixed for proxied requests, so clients on the internet still find it', async () => {
    assert.deepEqual(adalChoice(await mex({ 'x-ms-proxy': 'wap' })), { version: '13', url: usernameMixed13 });
  });
});
