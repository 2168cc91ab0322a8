import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadServiceConfig, type ServiceConfig } from '../../config/service-config.ts';
import { LabError } from '../../errors/lab-error.ts';
import type { ErrorFormat } from '../../errors/render.ts';
import { createLogger } from '../../logging/logger.ts';
import { ensurePki } from '../../pki/index.ts';
import { createServiceApp } from '../create-app.ts';
import { loadTlsIdentity, type TlsIdentity } from '../tls-identity.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let certsDir: string;
let config: ServiceConfig;
let tls: TlsIdentity;
const apps: FastifyInstance[] = [];

before(() => {
  certsDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-app-'));
  ensurePki(certsDir);
  config = loadServiceConfig({ LAB_CONTAINER: 'adfs', LAB_CERTS_DIR: certsDir, LAB_LOG_LEVEL: 'silent' });
  tls = loadTlsIdentity(certsDir, 'adfs');
});

after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(certsDir, { recursive: true, force: true });
});

/** The shared app of the adfs service with a few routes that fail on purpose. */
function buildApp(errorFormat: ErrorFormat, logLines?: string[]): FastifyInstance {
  const destination = logLines ? { write: (line: string) => void logLines.push(line) } : undefined;
  const logger = createLogger({ service: 'adfs', level: logLines ? 'error' : config.logLevel, destination });
  const app = createServiceApp({ config, tls, errorFormat, logger });
  app.get('/boom', async () => {
    throw new Error('database password is hunter2');
  });
  app.get('/needs-auth', async () => {
    throw new LabError({ code: 'AUTH_REQUIRED', statusCode: 401, message: 'sign in first', challenges: ['Negotiate', 'NTLM'] });
  });
  app.get('/oauth-route', { config: { errorFormat: 'oauth' } }, async () => {
    throw new LabError({ code: 'BAD_GRANT', statusCode: 400, message: 'unsupported grant', wireCode: 'unsupported_grant_type' });
  });
  app.post('/upload', async () => ({ ok: true }));
  apps.push(app);
  return app;
}

describe('the lab endpoints every service has', () => {
  it('answers /_lab/health with status ok and the container', async () => {
    const response = await buildApp('json').inject({ method: 'GET', url: '/_lab/health' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'ok');
    assert.equal(response.json().container, 'adfs');
    assert.equal(response.headers['x-lab-container'], 'adfs');
  });

  it('shows the certificate subject and SANs at /_lab/state, and no PEM or private key anywhere', async () => {
    const response = await buildApp('json').inject({ method: 'GET', url: '/_lab/state' });
    assert.equal(response.statusCode, 200);
    const certificate = response.json().certificate;
    assert.match(certificate.subject, /CN=fs\.contoso\.test/);
    assert.match(certificate.subjectAltName, /DNS:adfs\.corp\.contoso\.test/);
    assert.doesNotMatch(response.body, /BEGIN|PRIVATE KEY/);
    const keyBody = tls.keyPem.split('\n')[1] ?? '';
    assert.ok(keyBody.length > 40 && !response.body.includes(keyBody));
  });

  it('records a non-lab request in the recent trace shown at /_lab/state', async () => {
    const app = buildApp('json');
    await app.inject({ method: 'GET', url: '/nowhere?x=1', headers: { 'client-request-id': 'trace-me' } });
    const recent: { correlationId: string; summary: { path: string; status: number } }[] = (await app.inject({ method: 'GET', url: '/_lab/state' })).json().recent;
    assert.deepEqual(recent.map((event) => [event.correlationId, event.summary.path, event.summary.status]), [['trace-me', '/nowhere', 404]]);
  });
});

describe('errors on the wire', () => {
  it('answers an unknown path with a SOAP 1.2 fault when the service speaks soap12', async () => {
    const response = await buildApp('soap12').inject({ method: 'GET', url: '/no/such/path' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/soap\+xml/);
    assert.match(response.body, /<s:Value>s:Sender<\/s:Value>/);
    assert.match(response.body, /NOT_FOUND/);
  });

  it('answers an unknown path with OAuth JSON invalid_request when the service speaks oauth', async () => {
    const response = await buildApp('oauth').inject({ method: 'GET', url: '/no/such/path' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.json().error, 'invalid_request');
  });

  it('turns a plain Error into a 500 with an error id and neither the message nor a stack', async () => {
    const response = await buildApp('json').inject({ method: 'GET', url: '/boom' });
    assert.equal(response.statusCode, 500);
    assert.match(response.json().errorId, uuidPattern);
    assert.equal(response.json().error, 'INTERNAL');
    assert.doesNotMatch(response.body, /hunter2|database/);
    assert.doesNotMatch(response.body, /\bat .+\.ts:\d+|create-app\.test/);
  });

  it('logs the cause of a 500 under the same error id the client was given', async () => {
    const logLines: string[] = [];
    const response = await buildApp('json', logLines).inject({ method: 'GET', url: '/boom' });
    const logged = logLines.map((line) => JSON.parse(line)).find((entry) => entry.errorId === response.json().errorId);
    assert.ok(logged, `no log line carries error id ${response.json().errorId}`);
    assert.match(JSON.stringify(logged.err), /database password is hunter2/);
  });

  it('sends the challenges of a LabError as www-authenticate', async () => {
    const response = await buildApp('json').inject({ method: 'GET', url: '/needs-auth' });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.headers['www-authenticate'], ['Negotiate', 'NTLM']);
  });

  it('renders OAuth JSON for a route that asks for it, though the service speaks soap11', async () => {
    const response = await buildApp('soap11').inject({ method: 'GET', url: '/oauth-route' });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.json().error, 'unsupported_grant_type');
  });

  it('still renders SOAP 1.1 for the other routes of that service', async () => {
    const response = await buildApp('soap11').inject({ method: 'GET', url: '/needs-auth' });
    assert.match(String(response.headers['content-type']), /^text\/xml/);
    assert.match(response.body, /<faultcode>s:Client<\/faultcode>/);
  });

  it('refuses a body over 1 MiB with 413 and the code BODY_TOO_LARGE', async () => {
    const response = await buildApp('json').inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error, 'BODY_TOO_LARGE');
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const response = await buildApp('json').inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(1024 * 1024) });
    assert.equal(response.statusCode, 200);
  });
});

describe('correlation ids', () => {
  it('echoes a sane client-request-id and uses it as the correlation id of an error', async () => {
    const response = await buildApp('json').inject({ method: 'GET', url: '/nowhere', headers: { 'client-request-id': 'flow-42.a_b' } });
    assert.equal(response.headers['client-request-id'], 'flow-42.a_b');
    assert.equal(response.json().correlationId, 'flow-42.a_b');
  });

  it('echoes a client-request-id of exactly 128 characters', async () => {
    const offered = 'a'.repeat(128);
    const response = await buildApp('json').inject({ method: 'GET', url: '/_lab/health', headers: { 'client-request-id': offered } });
    assert.equal(response.headers['client-request-id'], offered);
  });

  for (const [label, offered] of [['containing spaces', 'two words'], ['longer than 128 characters', 'a'.repeat(129)], ['containing markup', '<x>']] as const) {
    it(`replaces a client-request-id ${label} with a fresh UUID`, async () => {
      const response = await buildApp('json').inject({ method: 'GET', url: '/_lab/health', headers: { 'client-request-id': offered } });
      assert.match(String(response.headers['client-request-id']), uuidPattern);
    });
  }

  it('makes a fresh UUID for every request that brings none', async () => {
    const app = buildApp('json');
    const first = (await app.inject({ method: 'GET', url: '/_lab/health' })).headers['client-request-id'];
    const second = (await app.inject({ method: 'GET', url: '/_lab/health' })).headers['client-request-id'];
    assert.match(String(first), uuidPattern);
    assert.notEqual(first, second);
  });
});
