import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildWsSecurityHeader } from '../../../shared/dauth/ws-security-header.ts';
import { extractEncryptedToken } from '../../../shared/dauth/rstr.ts';
import { processDelegationTokenRequest } from '../../../shared/dauth/gateway.ts';
import { directory, endpoint, keys, now, request as delegationTokenRequest } from '../../../shared/dauth/test/support.ts';
import { WSSE_NS } from '../../../shared/saml/namespaces.ts';
import { actorToken, ewsResource, exchangeApp, outer } from '../../../shared/s2s/test/fixtures.ts';
import { inspectCredentials } from '../src/domain/inspect.ts';

/**
 * Seed 003's contrast as an eavesdropper at the edge sees it: an S2S OAuth token is a
 * JWT whose claims (the user's SMTP address among them) anyone can decode, while a DAuth
 * delegation token rides in wsse:Security as xenc:EncryptedData that names no one.
 */
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const availability = 'http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability';
const body = '<soap:Body><m:GetUserAvailabilityRequest xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"/></soap:Body>';

async function dauthEnvelope(): Promise<string> {
  const answer = await processDelegationTokenRequest(await delegationTokenRequest(), { gateway: keys.gateway, endpoint, directory: directory(), now });
  const header = buildWsSecurityHeader({ action: availability, to: 'https://outlook.office365.test/EWS/Exchange.asmx/WSSecurity', encryptedToken: extractEncryptedToken(answer.rstr), now });
  return `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Header>${header}</soap:Header>${body}</soap:Envelope>`;
}

const usernameTokenEnvelope =
  `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Header><wsse:Security xmlns:wsse="${WSSE_NS}"><wsse:UsernameToken>` +
  '<wsse:Username>Mary@Contoso.test</wsse:Username><wsse:Password>Mary!Lab2026</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>' +
  `${body}</soap:Envelope>`;

describe('what a man-in-the-middle at the edge reads of the credentials', () => {
  it("decodes an S2S outer token and its actor token: the user's smtp, both audiences and issuers are readable", async () => {
    const token = outer(await actorToken());
    const readable = inspectCredentials({ authorization: `Bearer ${token}`, body: undefined, bodyTruncated: false });
    assert.deepEqual(readable.addresses, ['mary@contoso.test']);
    assert.ok(readable.authorization && 'jwt' in readable.authorization && readable.authorization.jwt);
    const jwt = readable.authorization.jwt;
    assert.equal(jwt.alg, 'none');
    assert.equal(jwt.signed, false);
    assert.equal(jwt.claims.smtp, 'mary@contoso.test');
    assert.equal(jwt.claims.nameid, 'mary@contoso.test');
    assert.equal(jwt.claims.aud, ewsResource);
    assert.equal(jwt.claims.iss, exchangeApp);
    assert.equal(jwt.actorToken?.alg, 'RS256');
    assert.equal(jwt.actorToken?.signed, true);
    assert.equal(jwt.actorToken?.claims.nameid, exchangeApp);
    assert.equal(jwt.actorToken?.claims.aud, ewsResource);
    assert.equal(jwt.actorToken?.claims.smtp, undefined);
  });

  it('finds xenc:EncryptedData and no readable address in the wsse:Security of a DAuth request', async () => {
    const envelope = await dauthEnvelope();
    const readable = inspectCredentials({ authorization: undefined, body: envelope, bodyTruncated: false });
    assert.deepEqual(readable.wsSecurity, { parsed: true, encryptedData: true, addresses: [] });
    assert.deepEqual(readable.addresses, []);
    assert.equal(readable.authorization, undefined);
    // The token was issued for mary@contoso.test: the name is in there, only not in a form the edge can read.
    assert.doesNotMatch(envelope, /mary@contoso\.test/i);
  });

  it('reads the address of a wsse:Security that carries a UsernameToken in clear, and says there is no EncryptedData', () => {
    const readable = inspectCredentials({ authorization: undefined, body: usernameTokenEnvelope, bodyTruncated: false });
    assert.deepEqual(readable.wsSecurity, { parsed: true, encryptedData: false, addresses: ['mary@contoso.test'] });
    assert.deepEqual(readable.addresses, ['mary@contoso.test']);
  });

  it('reads the user name of Basic and says the password is in clear, without repeating it', () => {
    const readable = inspectCredentials({ authorization: `Basic ${Buffer.from('mary@contoso.test:Mary!Lab2026').toString('base64')}`, body: undefined, bodyTruncated: false });
    assert.deepEqual(readable.authorization, { scheme: 'basic', userName: 'mary@contoso.test', passwordInClear: true });
    assert.deepEqual(readable.addresses, ['mary@contoso.test']);
    assert.doesNotMatch(JSON.stringify(readable), /Mary!Lab2026/);
  });

  it('calls a bearer token that is not a JWT opaque, and names other schemes only', () => {
    assert.deepEqual(inspectCredentials({ authorization: 'Bearer not-a-jwt', body: undefined, bodyTruncated: false }), { authorization: { scheme: 'bearer', jwt: null }, addresses: [] });
    assert.deepEqual(inspectCredentials({ authorization: 'Negotiate TlRMTVNTUAABAAAA', body: undefined, bodyTruncated: false }), { authorization: { scheme: 'negotiate' }, addresses: [] });
  });

  it('says a wsse:Security body cut at the capture limit cannot be read, and reports nothing for a body without one', () => {
    const cut = usernameTokenEnvelope.slice(0, 200);
    const readable = inspectCredentials({ authorization: undefined, body: cut, bodyTruncated: true });
    assert.equal(readable.wsSecurity?.parsed, false);
    assert.match(readable.wsSecurity && !readable.wsSecurity.parsed ? readable.wsSecurity.problem : '', /stops at the capture limit/);
    assert.deepEqual(inspectCredentials({ authorization: undefined, body: `<soap:Envelope xmlns:soap="${SOAP11}">${body}</soap:Envelope>`, bodyTruncated: false }), { addresses: [] });
  });
});
