import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadServiceConfig } from '../../../shared/config/service-config.ts';
import { createLogger } from '../../../shared/logging/logger.ts';
import { ensurePki } from '../../../shared/pki/index.ts';
import { createServiceApp } from '../../../shared/service/create-app.ts';
import type { ServiceContext } from '../../../shared/service/definition.ts';
import { buildService, createServiceContext } from '../../../shared/service/run.ts';
import { edgeService } from '../src/app.ts';
import { captureOff, EdgeCapture, type CaptureEntry } from '../src/domain/capture.ts';
import type { RuleSet } from '../src/domain/rules.ts';
import { registerCaptureRoute } from '../src/routes/_lab/capture.ts';
import { registerPublishing } from '../src/routes/publish.ts';

/**
 * The capture seen through the edge's own app (inject, no port, no backend): requests the
 * rule set denies never reach a backend, so they show what the edge records without one.
 * Relayed requests, bodies and all, are in test/integration/edge-capture.test.ts.
 */
const denyEws: RuleSet = {
  name: 'deny-ews',
  description: 'EWS and OWA closed, the rest published',
  rules: [
    { name: 'deny-ews', direction: 'inbound', action: 'deny', pathPrefix: '/ews/' },
    { name: 'deny-owa', direction: 'inbound', action: 'deny', pathPrefix: '/owa/' },
    { name: 'publish-rest', direction: 'inbound', action: 'allow' },
  ],
};
const basicMary = `Basic ${Buffer.from('mary@contoso.test:Mary!Lab2026').toString('base64')}`;
const ewsPost = (correlationId: string) => ({
  method: 'POST' as const,
  url: '/EWS/Exchange.asmx?x=1',
  headers: { host: 'mail.contoso.test', authorization: basicMary, 'client-request-id': correlationId, 'content-type': 'text/xml; charset=utf-8' },
  payload: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
});
const readCapture = (app: FastifyInstance, query = '') => app.inject({ method: 'GET', url: `/_lab/capture${query}`, headers: { host: 'proxy.contoso.test' } });

let certsDir: string;
let context: ServiceContext;
const apps: FastifyInstance[] = [];

before(() => {
  certsDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-edge-capture-'));
  ensurePki(certsDir);
  const config = loadServiceConfig({ LAB_CONTAINER: 'edge', LAB_CERTS_DIR: certsDir, LAB_LOG_LEVEL: 'silent', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology' });
  context = createServiceContext(config, createLogger({ service: 'edge', level: 'silent' }));
});

after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await context.http.close();
  rmSync(certsDir, { recursive: true, force: true });
});

/** The edge's publishing and capture route on the shared app, read as if from corp. */
async function edgeReadFromCorp(capture: EdgeCapture): Promise<FastifyInstance> {
  const app = createServiceApp({ config: context.config, logger: context.logger, tls: context.tls, errorFormat: 'text', trace: context.trace });
  registerPublishing(app, context, denyEws, capture);
  registerCaptureRoute(app, capture, { arrivedOn: () => 'corp' });
  apps.push(app);
  return app;
}

describe('GET /_lab/capture on the edge', () => {
  it('shows a denied request with its decision, its headers (Authorization in clear) and what a man-in-the-middle reads', async () => {
    const app = await edgeReadFromCorp(new EdgeCapture({ enabled: true, pathPrefixes: [] }));
    const denied = await app.inject(ewsPost('capture-route-1'));
    assert.equal(denied.statusCode, 403);
    const response = await readCapture(app, '?correlationId=capture-route-1');
    assert.equal(response.statusCode, 200);
    const { enabled, entries, limits } = response.json() as { enabled: boolean; entries: CaptureEntry[]; limits: Record<string, number> };
    assert.equal(enabled, true);
    assert.deepEqual(limits, { entries: 100, bodyBytes: 65536, headerValueBytes: 16384 });
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.deepEqual(
      { host: entry?.host, method: entry?.method, path: entry?.path, query: entry?.query, decision: entry?.decision, body: entry?.body },
      { host: 'mail.contoso.test', method: 'POST', path: '/EWS/Exchange.asmx', query: '?x=1', decision: { action: 'deny', rule: 'deny-ews' }, body: null },
    );
    assert.equal(entry?.headers.authorization, basicMary);
    assert.deepEqual(entry?.readable, { authorization: { scheme: 'basic', userName: 'mary@contoso.test', passwordInClear: true }, addresses: ['mary@contoso.test'] });
  });

  it('filters by correlation id and keeps only paths under the listed prefixes', async () => {
    const app = await edgeReadFromCorp(new EdgeCapture({ enabled: true, pathPrefixes: ['/ews/'] }));
    await app.inject(ewsPost('capture-route-2a'));
    await app.inject(ewsPost('capture-route-2b'));
    await app.inject({ method: 'GET', url: '/owa/', headers: { host: 'mail.contoso.test', 'client-request-id': 'capture-route-2c' } });
    const ids = (entries: CaptureEntry[]) => entries.map((entry) => entry.correlationId);
    assert.deepEqual(ids((await readCapture(app)).json().entries), ['capture-route-2a', 'capture-route-2b']);
    assert.deepEqual(ids((await readCapture(app, '?correlationId=capture-route-2b')).json().entries), ['capture-route-2b']);
    assert.deepEqual(ids((await readCapture(app, '?correlationId=capture-route-2c')).json().entries), []);
  });

  it('records nothing when the capture is off, and says so', async () => {
    const app = await edgeReadFromCorp(new EdgeCapture(captureOff));
    assert.equal((await app.inject(ewsPost('capture-route-3'))).statusCode, 403);
    assert.deepEqual((await readCapture(app)).json(), { enabled: false, pathPrefixes: [], limits: { entries: 100, bodyBytes: 65536, headerValueBytes: 16384 }, entries: [] });
  });

  it('refuses a correlation id that is not one, as JSON', async () => {
    const app = await edgeReadFromCorp(new EdgeCapture(captureOff));
    const response = await readCapture(app, `?correlationId=${'x'.repeat(200)}`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  });

  it('is not shown to a request that did not arrive on the corp leg', async () => {
    const app = await buildService(edgeService({ ruleSet: denyEws, capture: { enabled: true, pathPrefixes: [] } }), context);
    apps.push(app);
    const response = await readCapture(app);
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error, 'EDGE_CAPTURE_CORP_ONLY');
    assert.match(response.json().message, /only on its corp leg; this request arrived on unknown/);
    assert.deepEqual((await app.inject({ url: '/_lab/state', headers: { host: 'proxy.contoso.test' } })).json().state.capture, { enabled: true, pathPrefixes: [] });
  });
});
