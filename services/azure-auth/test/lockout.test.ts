import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { passwordGrant } from './support/tokens.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

const ann = 'ann@contoso.onmicrosoft.test';
const graph = 'https://graph.microsoft.test';

async function failPasswordGrant(times: number): Promise<string[]> {
  const codes: string[] = [];
  for (let attempt = 0; attempt < times; attempt += 1) {
    const response = await passwordGrant(lab.app, ann, `wrong-${attempt}`, graph);
    codes.push(/^(AADSTS\d+)/.exec((response.json() as { error_description: string }).error_description)?.[1] ?? '?');
  }
  return codes;
}

describe('smart lockout: 10 failed passwords lock the account for 60 s', () => {
  it('answers AADSTS50126 nine times, then AADSTS50053 on the tenth failure', async () => {
    const codes = await failPasswordGrant(10);
    assert.deepEqual(codes, [...Array(9).fill('AADSTS50126'), 'AADSTS50053']);
  });

  it('refuses even the right password while the account is locked, on the pages and the password grant', async () => {
    const grant = await passwordGrant(lab.app, ann, 'Ann!Lab2026', graph);
    assert.equal(grant.statusCode, 400);
    assert.equal((grant.json() as { error: string }).error, 'invalid_grant');
    assert.match((grant.json() as { error_description: string }).error_description, /^AADSTS50053: /);
    const page = await signIn(new Browser(lab.app), ann, 'Ann!Lab2026');
    assert.match(page.body, /Your account is temporarily locked/);
    assert.match(page.body, /AADSTS50053/);
  });

  it('is still locked one second before the window ends', async () => {
    lab.clock.advance(59);
    assert.match((await passwordGrant(lab.app, ann, 'Ann!Lab2026', graph)).body, /AADSTS50053/);
  });

  it('lets the right password in once the 60 s have passed', async () => {
    lab.clock.advance(1);
    assert.equal((await passwordGrant(lab.app, ann, 'Ann!Lab2026', graph)).statusCode, 200);
  });

  it('starts counting afresh after a successful sign-in', async () => {
    await failPasswordGrant(9);
    assert.equal((await passwordGrant(lab.app, ann, 'Ann!Lab2026', graph)).statusCode, 200);
    assert.deepEqual(await failPasswordGrant(9), Array(9).fill('AADSTS50126'));
    assert.equal((await passwordGrant(lab.app, ann, 'Ann!Lab2026', graph)).statusCode, 200);
  });

  it('counts failures on the sign-in page too', async () => {
    for (let attempt = 0; attempt < 9; attempt += 1) assert.match((await signIn(new Browser(lab.app), ann, 'wrong')).body, /AADSTS50126/);
    assert.match((await signIn(new Browser(lab.app), ann, 'wrong')).body, /AADSTS50053/);
    lab.clock.advance(60);
  });
});

describe('smart lockout settings', () => {
  it('honours a configured threshold and window', async () => {
    const strict = await startAzureAuth({ config: { lockoutThreshold: 3, lockoutSeconds: 5 } });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) assert.match((await passwordGrant(strict.app, ann, 'x', graph)).body, /AADSTS50126/);
      assert.match((await passwordGrant(strict.app, ann, 'x', graph)).body, /AADSTS50053/);
      strict.clock.advance(5);
      assert.equal((await passwordGrant(strict.app, ann, 'Ann!Lab2026', graph)).statusCode, 200);
    } finally {
      await strict.close();
    }
  });
});
