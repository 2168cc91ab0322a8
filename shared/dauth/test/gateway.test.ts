import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { thumbprintSha1 } from '../request-signature.ts';
import { processDelegationTokenRequest, type GatewayOptions } from '../gateway.ts';
import { extractEncryptedToken } from '../rstr.ts';
import { directory, endpoint, keys, now, request, trusts } from './support.ts';

const options = (overrides: Partial<GatewayOptions> = {}): GatewayOptions => ({ gateway: keys.gateway, endpoint, directory: directory(), now, ...overrides });

async function refusal(xml: string | Promise<string>, overrides: Partial<GatewayOptions> = {}): Promise<LabError> {
  try {
    await processDelegationTokenRequest(await xml, options(overrides));
  } catch (error) {
    assert.ok(error instanceof LabError, String(error));
    return error;
  }
  assert.fail('the gateway issued a token');
}

/** Replaces the content CipherValue of the encrypted body with a bit-flipped copy. */
function flipBodyCiphertext(xml: string): string {
  const values = [...xml.matchAll(/<xenc:CipherValue>([^<]+)<\/xenc:CipherValue>/g)].map((match) => match[1]!);
  const content = values.at(-1)!;
  const bytes = Buffer.from(content, 'base64');
  bytes[30]! ^= 0x80;
  return xml.replace(content, bytes.toString('base64'));
}

describe('the federation gateway issues delegation tokens', () => {
  it('answers a request signed by a registered organization with an RSTR whose token is encrypted to the target', async () => {
    const answer = await processDelegationTokenRequest(await request(), options());
    assert.equal(answer.requester.name, trusts.onPrem.name);
    assert.equal(answer.target.applicationUri, trusts.cloud.applicationUri);
    const token = extractEncryptedToken(answer.rstr);
    assert.match(token, /^<xenc:EncryptedData/);
    assert.doesNotMatch(answer.rstr, /mary@contoso\.test/);
  });

  it('keeps the requester and target out of the request in transit', async () => {
    const xml = await request();
    assert.doesNotMatch(xml, /mary@contoso\.test|FYDIBOHF25SPDLT/);
  });

  it('refuses a request signed by an organization key no federation trust registered', async () => {
    const error = await refusal(request({ organization: keys.stranger }));
    assert.equal(error.code, 'DAUTH_UNKNOWN_ORGANIZATION');
    assert.match(error.message, /^An error occurred when processing the security tokens in the message: /);
  });

  it('refuses a request whose signature was made with another key than the registered one for its thumbprint', async () => {
    const forged = (await request({ organization: keys.stranger })).replace(thumbprintSha1(keys.stranger.certPem), thumbprintSha1(keys.onPrem.certPem));
    const error = await refusal(forged);
    assert.equal(error.code, 'DAUTH_REQUEST_SIGNATURE');
  });

  it('refuses a request with a stale timestamp', async () => {
    const error = await refusal(request({ now: new Date(now.getTime() - 11 * 60_000) }));
    assert.equal(error.code, 'DAUTH_STALE_TIMESTAMP');
  });

  it('refuses a request whose signed body was tampered with before decrypting anything', async () => {
    const error = await refusal(flipBodyCiphertext(await request()));
    assert.equal(error.code, 'DAUTH_REQUEST_SIGNATURE');
  });

  it('answers a correctly signed but undecryptable body with the single decrypt error', async () => {
    const toAnotherGateway = await refusal(request({ gatewayCertificate: keys.stranger.certPem }));
    const other = await refusal(request(), { gateway: keys.stranger });
    assert.equal(toAnotherGateway.code, 'DAUTH_REQUEST_UNDECRYPTABLE');
    assert.deepEqual([toAnotherGateway.message, toAnotherGateway.statusCode, toAnotherGateway.wireCode], [other.message, other.statusCode, other.wireCode]);
  });

  it('refuses a user outside the requesting organization\'s federated domains', async () => {
    const error = await refusal(request({ requesterSmtp: 'admin@contoso.onmicrosoft.test' }));
    assert.equal(error.code, 'DAUTH_DOMAIN_NOT_FEDERATED');
  });

  it('refuses an AppliesTo no organization registered', async () => {
    const error = await refusal(request({ appliesTo: 'FYDIBOHF25SPDLT.fabrikam.test' }));
    assert.equal(error.code, 'DAUTH_UNKNOWN_TARGET');
  });

  it('refuses a request addressed to another endpoint', async () => {
    const error = await refusal(request({ gatewayEndpoint: 'https://login.microsoftonline.test/extSTS.srf' }));
    assert.equal(error.code, 'DAUTH_REQUEST_MALFORMED');
  });
});

