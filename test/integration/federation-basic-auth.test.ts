import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { promisify } from 'node:util';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';
import { certificatePath, issueCertificate, LAB_CA, loadKeyPair } from '../../shared/pki/index.ts';
import { closeServers } from '../../shared/service/listen.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { activeSyncCodePages, decodeWbxml, encodeWbxml, wbxml, type WbxmlElement } from '../../shared/wbxml/index.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';

/**
 * Flow F6 on the local lab, from the internet: an EWS or ActiveSync client sends Joe's
 * password with Basic; exchange-online asks azure-auth for the realm, sends WS-Trust 2005
 * to fs.contoso.test (edge → WAP → AD FS), trades the assertion at azure-auth and serves
 * the mailbox. Then the failures of client-flows §3, AD FS going away and coming back, a
 * tampered assertion, and the end of F7: EWS with the rich client's Bearer token.
 */
const run = promisify(execFile);
const ewsUrl = 'https://outlook.office365.test/EWS/Exchange.asmx';
const typesNs = 'http://schemas.microsoft.com/exchange/services/2006/types';
const findInbox =
  '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">' +
  '<s:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></s:Header><s:Body><m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>' +
  '<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem></s:Body></s:Envelope>';
const joeSubjects = ['Vendor call notes', 'Welcome to Exchange Online'];

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const subjects = (body: string): string[] => Array.from(parseXml(body).getElementsByTagNameNS(typesNs, 'Subject')).map((element) => element.textContent ?? '');

describe('F6: the Basic-auth proxy, from the internet, through edge → WAP → AD FS', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let internet: LabHttpClient;

  const ews = (authorization: string, body = findInbox): Promise<LabResponse> =>
    internet.request(ewsUrl, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization }, body });

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
    internet = clientOn('internet', testLab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await testLab?.dispose();
  });

  it('AD FS stopped: 401 with X-MS-Credential-Service-Federated, the STS URL and the hop and cause in X-MS-Diagnostics', async () => {
    await testLab.stop('adfs');
    try {
      const response = await ews(basic('joe@contoso.test', 'Joe!Lab2026'));
      assert.equal(response.status, 401, response.body);
      assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
      assert.equal(response.headers['x-ms-credential-service-federated'], 'true');
      assert.equal(response.headers['x-ms-credential-service-url'], 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed');
      const diagnostics = String(response.headers['x-ms-diagnostics']);
      assert.match(diagnostics, /^BASIC_IDP_FAILED;/);
      assert.match(diagnostics, /the STS answered HTTP 502 via 1\.1 edge: 502 UPSTREAM_CONNECT_FAILED: cannot connect to fs\.contoso\.test: ECONNREFUSED \(hop: wap -> adfs\)/);
      assert.match(diagnostics, /hop="exchange-online -> fs\.contoso\.test \(WS-Trust 2005 usernamemixed\)"/);
    } finally {
      await testLab.start('adfs');
    }
  });

  describe('an assertion altered between AD FS and azure-auth', () => {
    let impostor: Server | undefined;
    let corp: LabHttpClient;
    let tampered = 0;

    before(async () => {
      // The edge steps aside; in its place on the internet, a man in the middle with a
      // lab-CA certificate for fs.contoso.test relays to AD FS and edits what comes back.
      // dirsync stops first: its keep-alive tunnel through the edge proxy would hold the edge's close.
      corp = clientOn('corp', testLab.certsDir);
      await testLab.stop('dirsync');
      await testLab.stop('edge');
      const pair = issueCertificate({ commonName: 'fs.contoso.test', usage: 'tls-server', dnsNames: ['fs.contoso.test'], validDays: 30, issuer: loadKeyPair(testLab.certsDir, LAB_CA) });
      impostor = createServer({ cert: pair.certPem, key: pair.keyPem }, (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          corp
            .request(`https://fs.contoso.test${request.url}`, { method: 'POST', headers: { 'content-type': String(request.headers['content-type']) }, body: Buffer.concat(chunks) })
            .then((answer) => {
              const edited = answer.body.replace('<saml:AttributeValue>joe@contoso.test</saml:AttributeValue>', '<saml:AttributeValue>ann@contoso.onmicrosoft.test</saml:AttributeValue>');
              if (edited !== answer.body) tampered += 1;
              response.writeHead(answer.status, { 'content-type': 'application/soap+xml; charset=utf-8' });
              response.end(edited);
            })
            .catch((error: Error) => {
              response.writeHead(502).end(error.message);
            });
        });
      });
      await new Promise<void>((resolve, reject) => {
        impostor!.once('error', reject);
        impostor!.listen(443, addressOf('edge', 'internet', localPlan), resolve);
      });
    });
    after(async () => {
      if (impostor) await closeServers([impostor]);
      await corp?.close();
      await testLab.start('edge');
      await testLab.start('dirsync');
    });

    // Runs before Joe's first success, so no cached sign-in can answer for AD FS.
    it('is refused by azure-auth’s signature check: 401, nothing served', async () => {
      const response = await ews(basic('joe@contoso.test', 'Joe!Lab2026'));
      assert.equal(tampered, 1, 'the man in the middle edited an assertion AD FS really issued');
      assert.equal(response.status, 401, response.body);
      assert.match(String(response.headers['x-ms-diagnostics']), /^BASIC_ASSERTION_REFUSED;reason="azure-auth refused the saml1_1-bearer grant: invalid_grant: SAML_SIGNATURE/);
      assert.equal(response.headers['x-ms-credential-service-federated'], 'true');
    });
  });

  it('AD FS back: the same request serves Joe his inbox (no failure is remembered)', async () => {
    const response = await ews(basic('joe@contoso.test', 'Joe!Lab2026'));
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(subjects(response.body), joeSubjects);
  });

  it('the WS-Trust request went out of exchange-online through the edge, published to the WAP', async () => {
    const exchangeOnline = addressOf('exchange-online', 'internet', localPlan);
    const requests = testLab.services.get('wap')!.context.trace.recent().filter((event) => event.kind === 'request' && event.summary.published === '/adfs/services/trust/2005/usernamemixed');
    assert.ok(requests.some((event) => event.summary.clientIp === exchangeOnline), 'the WAP saw exchange-online as the client');
  });

  it('curl -u joe@contoso.test gets the inbox too', { skip: spawnSync('curl', ['--version']).error ? 'curl is not installed' : false }, async () => {
    const address = addressOf('exchange-online', 'internet', localPlan);
    const { stdout } = await run('curl', [
      '-sS', '-u', 'joe@contoso.test:Joe!Lab2026', '--cacert', certificatePath(testLab.certsDir, LAB_CA), '--resolve', `outlook.office365.test:443:${address}`,
      '-H', 'Content-Type: text/xml; charset=utf-8', '--data-binary', findInbox, '-w', '\n%{http_code}', ewsUrl,
    ]);
    const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
    assert.equal(status, '200', stdout);
    assert.deepEqual(subjects(stdout.slice(0, stdout.lastIndexOf('\n'))), joeSubjects);
  });

  it('a wrong password is 401 Basic Realm="", naming AD FS’s FailedAuthentication', async () => {
    const response = await ews(basic('joe@contoso.test', 'Not!Joes2026'));
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
    assert.match(String(response.headers['x-ms-diagnostics']), /^BASIC_BAD_CREDENTIALS;reason="the STS answered a:FailedAuthentication: MSIS3127/);
  });

  it('Pat’s expired password is 401 with X-MS-Credential-Service-CredExpired: true', async () => {
    const response = await ews(basic('pat@contoso.test', 'Pat!Lab2026'));
    assert.equal(response.status, 401);
    assert.equal(response.headers['x-ms-credential-service-credexpired'], 'true');
    assert.match(String(response.headers['x-ms-diagnostics']), /FailedAuthentication\.ExpiredPassword/);
  });

  it('Eve’s disabled account is 401 Basic Realm="", exactly like a bad password (AD FS tells a guesser nothing)', async () => {
    const response = await ews(basic('eve@contoso.test', 'Eve!Lab2026'));
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
    assert.match(String(response.headers['x-ms-diagnostics']), /^BASIC_BAD_CREDENTIALS;/);
    assert.equal(response.headers['x-ms-credential-service-credexpired'], undefined);
  });

  it('Mary signs in through AD FS but her mailbox is on-premises: 403', async () => {
    const response = await ews(basic('mary@contoso.test', 'Mary!Lab2026'));
    assert.equal(response.status, 403);
    assert.match(String(response.headers['x-ms-diagnostics']), /^MAILBOX_NOT_PROVISIONED;/);
  });

  it('Sam (password hash sync) is checked by azure-auth directly', async () => {
    const response = await ews(basic('sam@litware.test', 'Sam!Lab2026'));
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(subjects(response.body), ['Lunch?']);
  });

  it('ActiveSync FolderSync returns the folder hierarchy in WBXML', async () => {
    const fh = (name: string, ...children: (WbxmlElement | string | number)[]): WbxmlElement => wbxml('FolderHierarchy', name, ...children);
    const response = await internet.request('https://outlook.office365.test/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=joe@contoso.test&DeviceId=LABTEST01&DeviceType=TestDevice', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.ms-sync.wbxml', 'ms-asprotocolversion': '14.1', authorization: basic('joe@contoso.test', 'Joe!Lab2026') },
      body: encodeWbxml(fh('FolderSync', fh('SyncKey', '0')), activeSyncCodePages),
    });
    assert.equal(response.status, 200, response.body);
    // The lab client reads bodies as UTF-8 text; FolderSync's answer is all ASCII strings and tokens, so latin1 gives the bytes back.
    const decoded = decodeWbxml(Buffer.from(response.body, 'latin1'), activeSyncCodePages);
    const names = decoded.children.flatMap((child) => (typeof child === 'object' && 'name' in child && child.name === 'Changes' ? child.children : []));
    assert.deepEqual(
      names.filter((child): child is WbxmlElement => typeof child === 'object' && 'name' in child && child.name === 'Add').map((add) => add.children.map((field) => (field as WbxmlElement).children[0])),
      [['1', '0', 'Inbox', '2'], ['2', '0', 'Calendar', '8']],
    );
  });

  it('F7 ends in EWS: the rich client’s Bearer token (realm → MEX → WS-Trust 1.3 → SAML bearer grant) is accepted', async () => {
    const token = await lab(['token', '--user', 'joe@contoso.test', '--password', 'Joe!Lab2026', '--as', 'internet', '--json', '--raw'], env);
    assert.equal(token.code, 0, token.stderr);
    const response = await ews(`Bearer ${JSON.parse(token.stdout).token as string}`);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(subjects(response.body), joeSubjects);
  });

  it('an empty Bearer gets the Bearer challenge with the lab’s login host, and Basic realm', async () => {
    const response = await ews('Bearer ');
    assert.equal(response.status, 401);
    const challenges = [response.headers['www-authenticate']].flat();
    assert.match(String(challenges[0]), /^Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@[0-9a-f-]+", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https:\/\/login\.microsoftonline\.test\/common\/oauth2\/authorize"$/);
    assert.equal(challenges[1], 'Basic realm="outlook.office365.test"');
  });

});
