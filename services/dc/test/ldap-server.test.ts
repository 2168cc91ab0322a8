import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change, Client, InvalidCredentialsError, OperationsError, UnwillingToPerformError } from 'ldapts';
import { createLogger } from '../../../shared/logging/logger.ts';
import { loadTlsIdentity } from '../../../shared/service/tls-identity.ts';
import { listenLdap, type RunningLdapServer } from '../src/ldap/server.ts';
import { LdapSessions } from '../src/ldap/session.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';
import { temporaryDcConfig } from './support/pki.ts';

const base = 'DC=contoso,DC=test';
const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

describe('the dc LDAP and LDAPS listeners', () => {
  let directory: TestDirectory;
  let ldap: RunningLdapServer;
  let ldaps: RunningLdapServer;
  let ca: string;
  let dispose: () => void;
  const clients: Client[] = [];

  before(async () => {
    const temporary = temporaryDcConfig();
    dispose = temporary.dispose;
    const tls = loadTlsIdentity(temporary.config.certsDir, 'dc');
    ca = tls.ca;
    directory = await openTestDirectory();
    const shared = { store: directory.store, sessions: new LdapSessions(), logger: createLogger({ service: 'dc', level: 'silent' }), tls };
    ldap = await listenLdap({ ...shared, listener: { kind: 'ldap', host: '127.0.0.1', port: 0 } });
    ldaps = await listenLdap({ ...shared, listener: { kind: 'ldaps', host: '127.0.0.1', port: 0 } });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.unbind()));
    await Promise.all([ldap.close(), ldaps.close()]);
    directory.dispose();
    dispose();
  });

  function client(secure: boolean): Client {
    const created = secure
      ? new Client({ url: `ldaps://127.0.0.1:${ldaps.port}`, tlsOptions: { ca: [ca], servername: 'dc.contoso.test' } })
      : new Client({ url: `ldap://127.0.0.1:${ldap.port}` });
    clients.push(created);
    return created;
  }

  it('lets an anonymous client read the rootDSE and nothing else', async () => {
    const anonymous = client(false);
    const { searchEntries } = await anonymous.search('', { scope: 'base' });
    assert.equal(searchEntries[0]?.defaultNamingContext, base);
    await assert.rejects(anonymous.search(base, { filter: '(sAMAccountName=mary)' }), (error: unknown) => error instanceof OperationsError && error.message.startsWith('000004DC'));
  });

  it('binds CONTOSO\\mary and returns her objectGUID as 16 bytes', async () => {
    const mary = client(true);
    await mary.bind('CONTOSO\\mary', 'Mary!Lab2026');
    const { searchEntries } = await mary.search(base, { filter: '(userPrincipalName=mary@contoso.test)', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] });
    assert.equal((searchEntries[0]?.objectGUID as Buffer).toString('base64'), 'Hk8qbTyLWk6fECs8TV5vcQ==');
  });

  it('sends AD\'s diagnostic text with invalidCredentials', async () => {
    await assert.rejects(client(false).bind('mary@contoso.test', 'wrong'), (error: unknown) => error instanceof InvalidCredentialsError && error.message.includes('data 52e, v4563'));
  });

  it('leaves a connection anonymous after a failed bind', async () => {
    const mary = client(false);
    await mary.bind('mary@contoso.test', 'Mary!Lab2026');
    await assert.rejects(mary.bind('mary@contoso.test', 'wrong'), InvalidCredentialsError);
    await assert.rejects(mary.search(base, { filter: '(objectClass=user)' }), OperationsError);
  });

  it('pages a search two entries at a time and returns every user', async () => {
    const joe = client(false);
    await joe.bind('joe@contoso.test', 'Joe!Lab2026');
    const { searchEntries } = await joe.search(base, { filter: '(objectClass=user)', attributes: ['sAMAccountName'], paged: { pageSize: 2 } });
    assert.equal(searchEntries.length, 9);
  });

  it('refuses a password reset over plain LDAP and performs it over LDAPS', async () => {
    const reset = new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd('Alex!Reset2026')] }) });
    const plain = client(false);
    await plain.bind('CONTOSO\\Administrator', 'DomainAdmin!Lab2026');
    await assert.rejects(plain.modify('CN=Alex Wilber,CN=Users,DC=contoso,DC=test', reset), UnwillingToPerformError);
    const secure = client(true);
    await secure.bind('CONTOSO\\Administrator', 'DomainAdmin!Lab2026');
    await secure.modify('CN=Alex Wilber,CN=Users,DC=contoso,DC=test', reset);
    await client(false).bind('CONTOSO\\alex', 'Alex!Reset2026');
  });

  it('keeps serving after a client sends bytes that are not LDAP', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(ldap.port, '127.0.0.1', () => socket.end(Buffer.from('GET / HTTP/1.1\r\n\r\n')));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    const { searchEntries } = await client(false).search('', { scope: 'base', attributes: ['dnsHostName'] });
    assert.equal(searchEntries[0]?.dnsHostName, 'dc.contoso.test');
  });
});
