import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';
import { runNode } from '../support/local-lab-process.ts';

describe('a malformed setting stops a service at start-up with a message naming it', () => {
  const cases: { script: string; env: Record<string, string>; message: RegExp }[] = [
    { script: 'services/adfs/src/main.ts', env: { LAB_LISTEN: 'https@nowhere' }, message: /adfs: invalid configuration: LAB_LISTEN has "https@nowhere"; expected kind@host:port/ },
    { script: 'services/dc/src/main.ts', env: { LAB_ADDRESS_PLAN: 'cloud' }, message: /dc: invalid configuration: LAB_ADDRESS_PLAN is "cloud"; expected one of docker, local/ },
    { script: 'services/wap/src/main.ts', env: { LAB_CONTAINER: 'adfs' }, message: /wap: invalid configuration: LAB_CONTAINER is "adfs" but this is the wap service/ },
    { script: 'services/azure-auth/src/main.ts', env: { LAB_LOG_LEVEL: 'loud' }, message: /LAB_LOG_LEVEL is "loud"/ },
    { script: 'services/edge/src/main.ts', env: { LAB_EDGE_RULES: 'no-such-rule-set' }, message: /edge: invalid configuration: LAB_EDGE_RULES is "no-such-rule-set"/ },
    { script: 'services/edge/src/main.ts', env: { LAB_EDGE_CAPTURE: 'yes' }, message: /edge: invalid configuration: LAB_EDGE_CAPTURE is "yes"; expected off, on, or path prefixes/ },
  ];
  for (const { script, env, message } of cases) {
    it(`${script} with ${Object.entries(env).map(([key, value]) => `${key}=${value}`).join(' ')} exits with status 2`, async () => {
      const result = await runNode(script, env);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

describe('an unknown path gets the service’s own 404 format, with no stack trace', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: ReturnType<typeof clientOn>;
  let corp: ReturnType<typeof clientOn>;

  before(async () => {
    lab = await startTestLab();
    internet = clientOn('internet', lab.certsDir);
    corp = clientOn('corp', lab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await corp?.close();
    await lab?.dispose();
  });

  it('azure-auth answers OAuth JSON (RFC 6749 §5.2)', async () => {
    const response = await internet.request('https://login.microsoftonline.test/no/such/path', { correlationId: 'it-404-oauth' });
    assert.equal(response.status, 404);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = JSON.parse(response.body);
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /^NOT_FOUND: no route for GET \/no\/such\/path/);
    assert.equal(body.correlation_id, 'it-404-oauth');
  });

  it('AD FS answers a SOAP 1.2 fault', async () => {
    const response = await corp.request('https://fs.contoso.test/adfs/services/nothing-here');
    assert.equal(response.status, 404);
    assert.match(String(response.headers['content-type']), /^application\/soap\+xml/);
    const document = new DOMParser({ onError: (level, message) => assert.fail(`${level}: ${message}`) }).parseFromString(response.body, 'text/xml');
    assert.equal(document.getElementsByTagNameNS('http://www.w3.org/2003/05/soap-envelope', 'Value')[0]?.textContent, 's:Sender');
  });

  it('Exchange on-premises, published through the edge, answers a SOAP 1.1 fault from exchange-onprem', async () => {
    const response = await internet.request('https://mail.contoso.test/EWS/nothing.asmx', { method: 'POST', body: '<x/>', headers: { 'content-type': 'text/xml' } });
    assert.equal(response.status, 404);
    assert.match(response.body, /<faultcode>s:Client<\/faultcode><faultstring xml:lang="en-US">no route for POST \/EWS\/nothing\.asmx<\/faultstring>/);
    assert.match(String(response.headers.via), /1\.1 edge/);
  });

  it('the dc answers lab JSON naming the service and the correlation id', async () => {
    const response = await corp.request('https://dc.contoso.test/nothing', { correlationId: 'it-404-json' });
    assert.equal(response.status, 404);
    assert.deepEqual(JSON.parse(response.body), { error: 'NOT_FOUND', message: 'no route for GET /nothing', service: 'dc', correlationId: 'it-404-json' });
  });

  it('the edge answers its own 404 in plain text for a name it does not publish', async () => {
    const response = await corp.request('https://proxy.contoso.test/nothing', { correlationId: 'it-404-text' });
    assert.equal(response.status, 404);
    assert.equal(response.body, '404 NOT_FOUND: no route for GET /nothing\ncorrelation id: it-404-text\n');
  });
});
