import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { loginSrf, lsUrl, tagsOf } from './support/passive-browser.ts';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

const get = (url: string) => adfs.app.inject({ method: 'GET', url });
const cleanup = 'https://login.microsoftonline.test/login.srf?wa=wsignoutcleanup1.0';

describe('GET /adfs/ls/?wa=wsignout1.0 signs out', () => {
  it('shows the signed-out page with a wsignoutcleanup1.0 image for the Microsoft Online trust, allowed by the CSP', async () => {
    const response = await get(lsUrl({ wa: 'wsignout1.0' }));
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /You have successfully signed out/);
    assert.deepEqual(tagsOf(response.body, 'img').map((img) => img.src), [cleanup]);
    assert.match(String(response.headers['content-security-policy']), /img-src https:\/\/login\.microsoftonline\.test;/);
    assert.equal(response.headers['x-frame-options'], 'DENY');
  });

  it('links to wreply when it is a registered reply URL', async () => {
    const response = await get(lsUrl({ wa: 'wsignout1.0', wreply: loginSrf }));
    assert.deepEqual(tagsOf(response.body, 'a').map((a) => a.href), [loginSrf]);
  });

  it('never links to, or redirects to, a foreign wreply', async () => {
    const response = await get(lsUrl({ wa: 'wsignout1.0', wreply: 'https://evil.test/"><script>' }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers.location, undefined);
    assert.deepEqual(tagsOf(response.body, 'a'), []);
    assert.doesNotMatch(response.body, /evil\.test/);
  });
});
