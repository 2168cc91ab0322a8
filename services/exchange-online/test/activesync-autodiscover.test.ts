import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { activeSyncCodePages, decodeWbxml, encodeWbxml, wbxml, type WbxmlElement } from '../../../shared/wbxml/index.ts';
import { basic, createClientAccessTestBed, joe, texts, type ClientAccessTestBed } from './support/client-access-test-bed.ts';

/**
 * ActiveSync (OPTIONS and FolderSync in WBXML) and POX Autodiscover, authenticated
 * through the same Basic-auth proxy and Bearer check as EWS.
 */
let bed: ClientAccessTestBed;
before(async () => {
  bed = await createClientAccessTestBed();
});
after(() => bed.dispose());

const fh = (name: string, ...children: (WbxmlElement | string | number)[]): WbxmlElement => wbxml('FolderHierarchy', name, ...children);
const query = 'Cmd=FolderSync&User=joe@contoso.test&DeviceId=LAB0123456789&DeviceType=iPhone';

function activeSync(app: FastifyInstance, body: Buffer, options: { url?: string; authorization?: string; version?: string } = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: options.url ?? `/Microsoft-Server-ActiveSync?${query}`,
    headers: { host: 'outlook.office365.test', 'content-type': 'application/vnd.ms-sync.wbxml', 'ms-asprotocolversion': options.version ?? '14.1', authorization: options.authorization ?? joe, 'user-agent': 'Apple-iPhone/1' },
    payload: body,
  });
}

const folderSync = (syncKey: string): Buffer => encodeWbxml(fh('FolderSync', fh('SyncKey', syncKey)), activeSyncCodePages);

describe('ActiveSync', () => {
  it('OPTIONS advertises the versions and the one command the lab implements, after authentication', async () => {
    const response = await bed.app.inject({ method: 'OPTIONS', url: '/Microsoft-Server-ActiveSync', headers: { host: 'outlook.office365.test', authorization: joe } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['ms-asprotocolversions'], '14.0,14.1,16.0,16.1');
    assert.equal(response.headers['ms-asprotocolcommands'], 'FolderSync');
    const anonymous = await bed.app.inject({ method: 'OPTIONS', url: '/Microsoft-Server-ActiveSync', headers: { host: 'outlook.office365.test' } });
    assert.equal(anonymous.statusCode, 401);
  });

  it('FolderSync with SyncKey 0 returns the hierarchy: Inbox (2) and Calendar (8) under the root', async () => {
    const response = await activeSync(bed.app, folderSync('0'));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/vnd.ms-sync.wbxml');
    const add = (serverId: string, name: string, type: number): WbxmlElement => fh('Add', fh('ServerId', serverId), fh('ParentId', '0'), fh('DisplayName', name), fh('Type', type));
    assert.deepEqual(decodeWbxml(response.rawPayload, activeSyncCodePages), fh('FolderSync', fh('Status', 1), fh('SyncKey', '1'), fh('Changes', fh('Count', 2), add('1', 'Inbox', 2), add('2', 'Calendar', 8))));
    const [rst] = bed.service.callsTo('usernamemixed');
    assert.equal(rst?.headers['x-ms-client-application'], 'Microsoft.Exchange.ActiveSync');
  });

  it('the current key gets no changes; an unknown key is Status 9; a request without SyncKey Status 10', async () => {
    assert.deepEqual(decodeWbxml((await activeSync(bed.app, folderSync('1'))).rawPayload, activeSyncCodePages), fh('FolderSync', fh('Status', 1), fh('SyncKey', '1'), fh('Changes', fh('Count', 0))));
    assert.deepEqual(decodeWbxml((await activeSync(bed.app, folderSync('7'))).rawPayload, activeSyncCodePages), fh('FolderSync', fh('Status', 9)));
    const noKey = encodeWbxml(fh('FolderSync', fh('Count', 1)), activeSyncCodePages);
    assert.deepEqual(decodeWbxml((await activeSync(bed.app, noKey)).rawPayload, activeSyncCodePages), fh('FolderSync', fh('Status', 10)));
  });

  it('refuses what is not a FolderSync request line: malformed WBXML 400, Sync 501, no DeviceId 400, another User 403, an unknown version 400', async () => {
    const cases: [LightMyRequestResponse, number, RegExp][] = [
      [await activeSync(bed.app, Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56])), 400, /WBXML_MALFORMED/],
      [await activeSync(bed.app, folderSync('0'), { url: '/Microsoft-Server-ActiveSync?Cmd=Sync&User=joe@contoso.test&DeviceId=A1&DeviceType=iPhone' }), 501, /Sync is not implemented/],
      [await activeSync(bed.app, folderSync('0'), { url: '/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=joe@contoso.test&DeviceType=iPhone' }), 400, /needs DeviceId/],
      [await activeSync(bed.app, folderSync('0'), { url: '/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=ann@contoso.onmicrosoft.test&DeviceId=A1&DeviceType=iPhone' }), 403, /not the signed-in user/],
      [await activeSync(bed.app, folderSync('0'), { version: '2.5' }), 400, /MS-ASProtocolVersion/],
    ];
    for (const [response, status, message] of cases) {
      assert.equal(response.statusCode, status, response.body);
      assert.match(response.body, message);
      assert.match(response.body, /hop: client → exchange-online \(ActiveSync\)/);
    }
  });

  it('Basic failures look the same as on EWS: a wrong password is 401 Basic Realm=""', async () => {
    const response = await activeSync(bed.app, folderSync('0'), { authorization: basic('joe@contoso.test', 'wrong') });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
    assert.match(String(response.headers['x-ms-diagnostics']), /^BASIC_BAD_CREDENTIALS;/);
  });
});

const outlookRequest = (address: string, schema = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a'): string =>
  `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>${address}</EMailAddress><AcceptableResponseSchema>${schema}</AcceptableResponseSchema></Request></Autodiscover>`;

function autodiscover(payload: string, authorization = joe, host = 'autodiscover-s.outlook.test'): Promise<LightMyRequestResponse> {
  return bed.app.inject({ method: 'POST', url: '/autodiscover/autodiscover.xml', headers: { host, 'content-type': 'text/xml', authorization }, payload });
}

const outlookNs = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';
const responseNs = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';

describe('POX Autodiscover', () => {
  it("returns Joe's EWS URL in the Outlook response schema", async () => {
    bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 120_000); // past the cached sign-in of the ActiveSync tests
    const response = await autodiscover(outlookRequest('joe@contoso.test'));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(texts(response.body, outlookNs, 'EwsUrl'), ['https://outlook.office365.test/EWS/Exchange.asmx']);
    assert.deepEqual(texts(response.body, outlookNs, 'AutoDiscoverSMTPAddress'), ['joe@contoso.test']);
    assert.equal(bed.service.callsTo('usernamemixed').at(-1)?.headers['x-ms-client-application'], 'Microsoft.Exchange.Autodiscover');
  });

  it('returns the ActiveSync URL in the mobile-sync schema, with a Bearer token too', async () => {
    const mobile = outlookRequest('ann@contoso.onmicrosoft.test', 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006').replaceAll('outlook/requestschema', 'mobilesync/requestschema');
    const response = await autodiscover(mobile, `Bearer ${await bed.token('ann@contoso.onmicrosoft.test')}`, 'outlook.office365.test');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(texts(response.body, 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006', 'Url'), ['https://outlook.office365.test/Microsoft-Server-ActiveSync']);
  });

  it("answers Autodiscover's own error codes: 500 no such mailbox, 601 schema, 600 invalid request", async () => {
    const cases: [string, string][] = [
      [outlookRequest('nobody@contoso.test'), '500'],
      [outlookRequest('joe@contoso.test', 'urn:unknown-schema'), '601'],
      ['<Autodiscover xmlns="urn:wrong"/>', '600'],
      ['not xml', '600'],
    ];
    for (const [payload, code] of cases) {
      const response = await autodiscover(payload);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(texts(response.body, responseNs, 'ErrorCode'), [code], response.body);
    }
  });
});
