import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { attributes, createClientAccessTestBed, ews, ewsEnvelope, findInbox, getFolders, ns, texts, type ClientAccessTestBed } from './support/client-access-test-bed.ts';

/**
 * EWS at /EWS/Exchange.asmx with azure-auth's Bearer tokens (the end of flow F7):
 * the challenges of client-flows §3, then GetFolder and FindItem in EWS's own shape,
 * ResponseCodes for what a folder id names, and SOAP faults for what EWS cannot read.
 */
let bed: ClientAccessTestBed;
let joe: string;
before(async () => {
  bed = await createClientAccessTestBed();
  joe = `Bearer ${await bed.token('joe@contoso.test')}`;
});
after(() => bed.dispose());

const bearerChallenge = (tenantId: string, error = ''): string =>
  `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@${tenantId}", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.microsoftonline.test/common/oauth2/authorize"${error}`;

describe('EWS with a Bearer token', () => {
  it('serves Joe his inbox for a token whose audience is the application id or https://outlook.office365.test', async () => {
    for (const aud of ['00000002-0000-0ff1-ce00-000000000000', 'https://outlook.office365.test']) {
      const response = await ews(bed.app, `Bearer ${await bed.token('joe@contoso.test', { aud })}`, findInbox());
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Vendor call notes', 'Welcome to Exchange Online']);
    }
  });

  it('answers an empty Bearer with 401 and the two challenges of client-flows §3', async () => {
    const response = await ews(bed.app, 'Bearer', findInbox());
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.headers['www-authenticate'], [bearerChallenge(bed.settings.tenantId), 'Basic realm="outlook.office365.test"']);
  });

  it('answers no credentials, or a scheme it does not take, with the Bearer challenge and Basic Realm=""', async () => {
    for (const authorization of [undefined, 'NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=']) {
      const response = await ews(bed.app, authorization, findInbox());
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.headers['www-authenticate'], [bearerChallenge(bed.settings.tenantId), 'Basic Realm=""']);
    }
  });

  const refusedTokens: [string, () => Promise<string>, string][] = [
    ['for another audience', () => bed.token('joe@contoso.test', { aud: 'https://graph.microsoft.test' }), 'TOKEN_CLAIM_AUD'],
    ['from another issuer', () => bed.token('joe@contoso.test', { iss: 'https://sts.windows.test/00000000-0000-0000-0000-000000000000/' }), 'TOKEN_CLAIM_ISS'],
    ['for another tenant', () => bed.token('joe@contoso.test', { tid: '00000000-0000-0000-0000-000000000000' }), 'TOKEN_CLAIM_TID'],
    ['that expired beyond the 300 s skew', () => bed.token('joe@contoso.test', {}, new Date(bed.owa.clock.now.getTime() - 3901_000)), 'TOKEN_EXPIRED'],
    ['that is not a JWT', async () => 'not.a.jwt', 'TOKEN_MALFORMED'],
  ];
  for (const [what, token, code] of refusedTokens) {
    it(`refuses a token ${what}: 401 ${code}, error="invalid_token"`, async () => {
      const response = await ews(bed.app, `Bearer ${await token()}`, findInbox());
      assert.equal(response.statusCode, 401, response.body);
      assert.deepEqual(response.headers['www-authenticate'], [bearerChallenge(bed.settings.tenantId, ', error="invalid_token"'), 'Basic realm="outlook.office365.test"']);
      assert.match(String(response.headers['x-ms-diagnostics']), new RegExp(`^${code};`));
    });
  }

  it('refuses a valid token for a user without a cloud mailbox: 403', async () => {
    const response = await ews(bed.app, `Bearer ${await bed.token('mary@contoso.test')}`, findInbox());
    assert.equal(response.statusCode, 403);
    assert.match(String(response.headers['x-ms-diagnostics']), /^MAILBOX_NOT_PROVISIONED;/);
  });
});

describe('EWS GetFolder', () => {
  it('returns inbox, msgfolderroot and calendar with ResponseClass Success and NoError', async () => {
    const response = await ews(bed.app, joe, getFolders('<t:DistinguishedFolderId Id="inbox"/><t:DistinguishedFolderId Id="msgfolderroot"/><t:DistinguishedFolderId Id="calendar"/>'));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(attributes(response.body, ns.messages, 'GetFolderResponseMessage', 'ResponseClass'), ['Success', 'Success', 'Success']);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError', 'NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'DisplayName'), ['Inbox', 'Top of Information Store', 'Calendar']);
    assert.deepEqual(texts(response.body, ns.types, 'TotalCount'), ['2', '0', '2']);
    assert.deepEqual(texts(response.body, ns.types, 'ChildFolderCount'), ['0', '2', '0']);
    assert.equal(texts(response.body, ns.types, 'CalendarFolder').length, 1);
    assert.equal(attributes(response.body, ns.types, 'ServerVersionInfo', 'Version')[0], 'V2018_01_08');
  });

  it('gives AllProperties the parent and class, IdOnly just the id, and takes its own FolderId back', async () => {
    const all = await ews(bed.app, joe, getFolders('<t:DistinguishedFolderId Id="inbox"/>', 'AllProperties'));
    assert.deepEqual(texts(all.body, ns.types, 'FolderClass'), ['IPF.Note']);
    const [inboxId] = attributes(all.body, ns.types, 'FolderId', 'Id');
    const byId = await ews(bed.app, joe, getFolders(`<t:FolderId Id="${inboxId}"/>`, 'IdOnly'));
    assert.deepEqual(attributes(byId.body, ns.types, 'FolderId', 'Id'), [inboxId]);
    assert.deepEqual(texts(byId.body, ns.types, 'DisplayName'), []);
  });

  it('answers each id that names nothing here with its own ResponseCode, beside the ones that do', async () => {
    const foreign = Buffer.from('hybrid-lab:ews:v1:folder:ann@contoso.onmicrosoft.test:inbox').toString('base64');
    const response = await ews(
      bed.app,
      joe,
      getFolders(
        '<t:DistinguishedFolderId Id="drafts"/><t:FolderId Id="AAMkAGI2bogus"/><t:DistinguishedFolderId Id="inbox"/>' +
          `<t:FolderId Id="${foreign}"/><t:DistinguishedFolderId Id="inbox"><t:Mailbox><t:EmailAddress>nobody@contoso.test</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`,
      ),
    );
    assert.equal(response.statusCode, 200);
    assert.deepEqual(attributes(response.body, ns.messages, 'GetFolderResponseMessage', 'ResponseClass'), ['Error', 'Error', 'Success', 'Error', 'Error']);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['ErrorFolderNotFound', 'ErrorInvalidIdMalformed', 'NoError', 'ErrorAccessDenied', 'ErrorNonExistentMailbox']);
  });
});

describe('EWS FindItem', () => {
  it('lists From, received time and ids; pages with IndexedPageItemView', async () => {
    const first = await ews(bed.app, joe, findInbox('Default', '<m:IndexedPageItemView MaxEntriesReturned="1" Offset="0" BasePoint="Beginning"/>'));
    assert.deepEqual(texts(first.body, ns.types, 'Subject'), ['Vendor call notes']);
    assert.deepEqual(texts(first.body, ns.types, 'EmailAddress'), ['mary@contoso.test', 'mary@contoso.test']);
    assert.deepEqual(attributes(first.body, ns.messages, 'RootFolder', 'TotalItemsInView'), ['2']);
    assert.deepEqual(attributes(first.body, ns.messages, 'RootFolder', 'IncludesLastItemInRange'), ['false']);
    const second = await ews(bed.app, joe, findInbox('IdOnly', '<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>'));
    assert.equal(attributes(second.body, ns.types, 'ItemId', 'Id').length, 1);
    assert.deepEqual(texts(second.body, ns.types, 'Subject'), []);
    assert.deepEqual(attributes(second.body, ns.messages, 'RootFolder', 'IncludesLastItemInRange'), ['true']);
  });
});

describe('EWS requests it cannot process are SOAP faults with HTTP 500', () => {
  const faults: [string, string, string][] = [
    ['a body that is not XML', 'not xml at all', 'a:ErrorSchemaValidation'],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "e">]>${findInbox()}`, 'a:ErrorSchemaValidation'],
    ['a SOAP 1.2 envelope', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>', 's:VersionMismatch'],
    ['an operation the lab does not implement', ewsEnvelope('<m:CreateItem/>'), 'a:ErrorInvalidRequest'],
    ['a distinguished folder name outside the schema', getFolders('<t:DistinguishedFolderId Id="secrets"/>'), 'a:ErrorSchemaValidation'],
    ['a restriction the lab would otherwise ignore', findInbox('Default', '<m:Restriction/>'), 'a:ErrorInvalidRequest'],
    ['an unknown RequestServerVersion', ewsEnvelope('<m:GetFolder/>', '<t:RequestServerVersion Version="Exchange1999"/>'), 'a:ErrorInvalidServerVersion'],
    ['impersonation', ewsEnvelope('<m:GetFolder/>', '<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>ann@contoso.onmicrosoft.test</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>'), 'a:ErrorImpersonationDenied'],
    ['a missing Traversal', ewsEnvelope('<m:FindItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>'), 'a:ErrorSchemaValidation'],
  ];
  for (const [what, payload, faultCode] of faults) {
    it(`refuses ${what} with ${faultCode}`, async () => {
      const response = await ews(bed.app, joe, payload);
      assert.equal(response.statusCode, 500, response.body);
      assert.deepEqual(texts(response.body, '', 'faultcode'), [faultCode]);
      assert.deepEqual(texts(response.body, ns.errors, 'ResponseCode'), [faultCode.slice(2)]);
      assert.match(texts(response.body, '', 'faultstring')[0]!, /hop: client → exchange-online \(EWS\)/);
    });
  }
});
