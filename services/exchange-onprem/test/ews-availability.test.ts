import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic, createOnpremTestBed, mary, post, type OnpremTestBed } from './support/onprem-test-bed.ts';
import { availabilityRequest, ns, texts } from '../../../test/support/exchange-requests.ts';

describe('exchange-onprem EWS GetUserAvailability', () => {
  let bed: OnpremTestBed;
  before(async () => {
    bed = await createOnpremTestBed();
  });
  after(() => bed.dispose());

  it("answers 401 with IIS's three challenges when no credentials are sent", async () => {
    const response = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test']));
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.headers['www-authenticate'], ['Negotiate', 'NTLM', 'Basic Realm=""']);
  });

  it("refuses a wrong password and a disabled account with 401, naming the dc's reason", async () => {
    const wrong = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test']), basic('mary@contoso.test', 'nope'));
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /LOGON_BAD_PASSWORD.*data 52e/s);
    const disabled = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test']), basic('eve@contoso.test', 'Eve!Lab2026'));
    assert.match(disabled.body, /account is disabled/);
  });

  it('answers an NTLM NEGOTIATE_MESSAGE with 401 and its CHALLENGE_MESSAGE (the handshake: windows-authentication.test.ts)', async () => {
    const response = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test']), 'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==');
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers['www-authenticate']), /^NTLM TlRMTVNTUAACAAAA/);
    assert.match(response.body, /NTLM_CHALLENGE/);
  });

  it("gives Mary Alex's busy times only (Default AvailabilityOnly) and her own calendar with details", async () => {
    const response = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test', 'mary@contoso.test']), mary);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged', 'DetailedMerged']);
    assert.deepEqual(texts(response.body, ns.types, 'StartTime'), ['2026-03-02T15:00:00', '2026-03-02T09:30:00', '2026-03-02T13:00:00']);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Team stand-up', 'Vendor call']);
    assert.equal(texts(response.body, ns.types, 'MergedFreeBusy')[0], `${'0'.repeat(30)}22${'0'.repeat(16)}`);
  });

  it('answers a cloud mailbox (joe) before the hybrid is configured with ErrorAvailabilityConfigNotFound inside a NoError response', async () => {
    const response = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['joe@contoso.test', 'alex@contoso.test', 'nobody@contoso.test']), mary);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['ErrorAvailabilityConfigNotFound', 'NoError', 'ErrorMailRecipientNotFound']);
    assert.match(texts(response.body, ns.messages, 'MessageText')[0] ?? '', /no IntraOrganizationConnector lists contoso\.mail\.onmicrosoft\.test, nor any enabled OrganizationRelationship, nor an AvailabilityAddressSpace/);
  });

  it('faults a malformed request with the EWS ResponseCode, and an operation it does not implement', async () => {
    const empty = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest([]), mary);
    assert.equal(empty.statusCode, 500);
    assert.deepEqual(texts(empty.body, 'http://schemas.microsoft.com/exchange/services/2006/errors', 'ResponseCode'), ['ErrorMailboxDataArrayEmpty']);
    assert.match(empty.body, /hop: client → exchange-onprem \(EWS\)/);
    const other = await post(bed.app, '/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test']).replaceAll('GetUserAvailabilityRequest', 'GetItem'), mary);
    assert.match(other.body, /implements GetUserAvailabilityRequest; GetItem is not implemented/);
    const notXml = await post(bed.app, '/EWS/Exchange.asmx', '<s:Envelope', mary);
    assert.match(notXml.body, /ErrorSchemaValidation/);
  });

  it('answers the DAuth variant /EWS/Exchange.asmx/WSSecurity without a delegation token with the security-token fault', async () => {
    const response = await post(bed.app, '/EWS/Exchange.asmx/WSSecurity', availabilityRequest(['alex@contoso.test']));
    assert.equal(response.statusCode, 500);
    assert.match(response.body, /o:InvalidSecurity/);
    assert.match(response.body, /An error occurred when processing the security tokens in the message: the SOAP header carries 0 wsse:Security/);
    assert.match(String(response.headers['x-ms-diagnostics']), /^DAUTH_TOKEN_MISSING;/);
  });
});
