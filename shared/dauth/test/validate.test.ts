import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { SAML11_NS } from '../../saml/namespaces.ts';
import { decryptElement } from '../../xmlenc/index.ts';
import { issueDelegationToken } from '../delegation-token.ts';
import { processDelegationTokenRequest } from '../gateway.ts';
import { extractEncryptedToken } from '../rstr.ts';
import { validateDelegationToken, type ValidateDelegationTokenOptions } from '../validate.ts';
import { cloudUri, cloudValidator, directory, endpoint, keys, now, onPremUri, request } from './support.ts';

/** A token as the gateway answers mary@contoso.test's on-premises request for the cloud. */
async function tokenFor(overrides: Parameters<typeof request>[0] = {}): Promise<string> {
  const answer = await processDelegationTokenRequest(await request(overrides), { gateway: keys.gateway, endpoint, directory: directory(), now });
  return extractEncryptedToken(answer.rstr);
}

function refusal(token: string, options: ValidateDelegationTokenOptions): LabError {
  try {
    validateDelegationToken(token, options);
  } catch (error) {
    assert.ok(error instanceof LabError, String(error));
    assert.match(error.message, /^An error occurred when processing the security tokens in the message: /);
    return error;
  }
  assert.fail('the validator accepted the token');
}

describe('the receiver validates delegation tokens (issue 5 acceptance 4, DAuth)', () => {
  it('accepts the gateway\'s token and returns the requester, domain and free/busy level', async () => {
    const result = validateDelegationToken(await tokenFor(), cloudValidator());
    assert.equal(result.requesterSmtp, 'mary@contoso.test');
    assert.equal(result.domain, 'contoso.test');
    assert.equal(result.freeBusyAccessLevel, 'LimitedDetails');
    assert.ok(result.immutableId);
  });

  it('refuses a token encrypted to another organization', async () => {
    const toOnPrem = await tokenFor({ appliesTo: onPremUri });
    assert.equal(refusal(toOnPrem, cloudValidator()).code, 'DAUTH_TOKEN_UNDECRYPTABLE');
  });

  it('refuses a token signed by a key other than the gateway\'s', async () => {
    const forged = await issueDelegationToken({ requesterSmtp: 'mary@contoso.test', immutableId: 'x', offer: 'MSExchange.SharingCalendarFreeBusy' }, { audience: cloudUri, gateway: keys.stranger, targetCertificate: keys.cloud.certPem, now });
    assert.equal(refusal(forged.encryptedToken, cloudValidator()).code, 'DAUTH_TOKEN_SIGNATURE');
  });

  it('refuses a requester whose domain is in no OrganizationRelationship', async () => {
    const options = cloudValidator({ organizationRelationships: [{ domainNames: ['fabrikam.test'], enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'AvailabilityOnly' }] });
    assert.equal(refusal(await tokenFor(), options).code, 'DAUTH_NO_ORGANIZATION_RELATIONSHIP');
  });

  it('grants None when the relationship does not enable free/busy, or enables it at None (each mailbox then gets ErrorNoFreeBusyAccess)', async () => {
    for (const [freeBusyAccessEnabled, freeBusyAccessLevel] of [[false, 'LimitedDetails'], [true, 'None']] as const) {
      const options = cloudValidator({ organizationRelationships: [{ domainNames: ['contoso.test'], enabled: true, freeBusyAccessEnabled, freeBusyAccessLevel }] });
      assert.equal(validateDelegationToken(await tokenFor(), options).freeBusyAccessLevel, 'None');
    }
  });

  it('refuses a token replayed after its lifetime (plus 300 s skew)', async () => {
    const token = await tokenFor();
    const later = new Date(now.getTime() + (300 + 300) * 1000);
    assert.equal(refusal(token, cloudValidator({ now: later })).code, 'DAUTH_TOKEN_EXPIRED');
  });

  it('refuses a token replayed within its lifetime: one use only', async () => {
    const token = await tokenFor();
    const options = cloudValidator();
    validateDelegationToken(token, options);
    assert.equal(refusal(token, options).code, 'DAUTH_TOKEN_REPLAYED');
  });

  it('refuses a token for another audience even when it decrypts', async () => {
    const token = await issueDelegationToken({ requesterSmtp: 'mary@contoso.test', immutableId: 'x', offer: 'MSExchange.SharingCalendarFreeBusy' }, { audience: onPremUri, gateway: keys.gateway, targetCertificate: keys.cloud.certPem, now });
    assert.equal(refusal(token.encryptedToken, cloudValidator()).code, 'DAUTH_TOKEN_AUDIENCE');
  });

  it('gives byte-identical errors for different decrypt failures (no oracle)', async () => {
    const token = await tokenFor();
    const cipherValues = [...token.matchAll(/<xenc:CipherValue>([^<]+)</g)].map((match) => match[1]!);
    const flip = (value: string): string => { const bytes = Buffer.from(value, 'base64'); bytes[40]! ^= 1; return bytes.toString('base64'); };
    const variants = [
      token.replace(cipherValues.at(-1)!, flip(cipherValues.at(-1)!)),
      token.replace(/<e:CipherValue>[^<]+</, `<e:CipherValue>${Buffer.alloc(256, 7).toString('base64')}<`),
      token.replace('xmlenc11#aes256-gcm', 'xmlenc#aes256-cbc'),
      await tokenFor({ appliesTo: onPremUri }),
    ];
    const seen = variants.map((variant) => { const error = refusal(variant, cloudValidator()); return JSON.stringify([error.code, error.statusCode, error.wireCode, error.message, error.expose]); });
    assert.equal(new Set(seen).size, 1, seen.join('\n'));
  });

  it('xmlsec1 verifies the gateway\'s signature on the decrypted token with the gateway certificate alone', { skip: spawnSync('xmlsec1', ['--version']).status === 0 ? false : 'xmlsec1 is not installed' }, async () => {
    const assertion = decryptElement(await tokenFor(), keys.cloud.keyPem);
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-dauth-xmlsec-'));
    try {
      writeFileSync(join(dir, 'token.xml'), assertion);
      writeFileSync(join(dir, 'gateway.pem'), keys.gateway.certPem);
      writeFileSync(join(dir, 'stranger.pem'), keys.stranger.certPem);
      const run = (cert: string) => spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, cert), '--id-attr:AssertionID', `${SAML11_NS}:Assertion`, join(dir, 'token.xml')], { encoding: 'utf8' });
      const verified = run('gateway.pem');
      assert.equal(verified.status, 0, verified.stderr);
      assert.notEqual(run('stranger.pem').status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
