import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { loadEdgeConfig, parseCaptureSetting } from '../src/config.ts';
import { bodyTap, isTextual } from '../src/domain/body-tap.ts';
import { captureOff, EdgeCapture, type CaptureMeta, type CapturedBody } from '../src/domain/capture.ts';

const frozen = new Date('2026-05-04T09:00:00.000Z');
const meta = (correlationId: string, path = '/EWS/Exchange.asmx'): CaptureMeta => ({
  correlationId,
  source: '127.18.0.66',
  arrivedOn: 'internet',
  host: 'mail.contoso.test',
  method: 'POST',
  path,
  query: '',
  decision: { action: 'allow', rule: 'publish-ews' },
});

describe('LAB_EDGE_CAPTURE', () => {
  it('is off by default, and for off, false or an empty value', () => {
    assert.deepEqual(loadEdgeConfig({}).capture, captureOff);
    for (const value of ['off', 'false', 'OFF', '']) assert.equal(parseCaptureSetting(value).enabled, false);
  });

  it('captures every published path when on or true, and only listed prefixes otherwise', () => {
    assert.deepEqual(parseCaptureSetting('on'), { enabled: true, pathPrefixes: [] });
    assert.deepEqual(parseCaptureSetting('true'), { enabled: true, pathPrefixes: [] });
    assert.deepEqual(parseCaptureSetting('/ews/, /autodiscover/'), { enabled: true, pathPrefixes: ['/ews/', '/autodiscover/'] });
  });

  it('rejects a value that is neither a switch nor a list of paths, naming the setting', () => {
    assert.throws(
      () => loadEdgeConfig({ LAB_EDGE_CAPTURE: 'yes please' }),
      (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_EDGE_CAPTURE' && /"yes please" is not a path/.test(error.message),
    );
    assert.throws(() => parseCaptureSetting('/ews/,'), (error: unknown) => error instanceof ConfigError && /"" is not a path/.test(error.message));
  });
});

describe('the capture ring', () => {
  it('wants nothing when off, everything when on, and decoded paths under a prefix, case-insensitively, when listed', () => {
    assert.equal(new EdgeCapture(captureOff).wants('/EWS/Exchange.asmx'), false);
    assert.equal(new EdgeCapture({ enabled: true, pathPrefixes: [] }).wants('/owa/'), true);
    const ews = new EdgeCapture(parseCaptureSetting('/ews/'));
    assert.equal(ews.wants('/EWS/Exchange.asmx'), true);
    assert.equal(ews.wants('/%45WS/Exchange.asmx'), true);
    assert.equal(ews.wants('/owa/'), false);
  });

  it('keeps the last `capacity` requests, oldest first, and filters by correlation id', () => {
    const capture = new EdgeCapture({ enabled: true, pathPrefixes: [] }, { capacity: 3, now: () => frozen });
    for (const id of ['a', 'b', 'c', 'd', 'b']) capture.record(meta(id), {}, null);
    assert.deepEqual(capture.entries().map((entry) => entry.correlationId), ['c', 'd', 'b']);
    assert.deepEqual(capture.entries({ correlationId: 'b' }).map((entry) => entry.at), [frozen.toISOString()]);
    assert.deepEqual(capture.entries({ correlationId: 'a' }), []);
  });

  it('keeps header values up to the cap, but inspects the whole Authorization header', () => {
    const capture = new EdgeCapture({ enabled: true, pathPrefixes: [] }, { headerValueLimitBytes: 16 });
    const authorization = `Basic ${Buffer.from('mary@contoso.test:Mary!Lab2026').toString('base64')}`;
    capture.record(meta('x'), { authorization, 'x-list': ['short', 'a value well over sixteen bytes'] }, null);
    const [entry] = capture.entries();
    assert.equal(entry?.headers.authorization, `${authorization.slice(0, 16)}…[${authorization.length - 16} more bytes not kept]`);
    assert.deepEqual(entry?.headers['x-list'], ['short', 'a value well ove…[15 more bytes not kept]']);
    assert.deepEqual(entry?.readable.addresses, ['mary@contoso.test']);
  });
});

async function throughTap(input: Buffer, limitBytes: number, textual: boolean): Promise<{ out: Buffer; copy: CapturedBody }> {
  let copy: CapturedBody | undefined;
  const chunks: Buffer[] = [];
  const source = Readable.from((function* () {
    for (let offset = 0; offset < input.length; offset += 7_000) yield input.subarray(offset, offset + 7_000);
  })());
  await pipeline(source, bodyTap({ limitBytes, textual, onDone: (body) => (copy = body) }), async function* (stream) {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  });
  assert.ok(copy, 'the tap reports its copy when the body ends');
  return { out: Buffer.concat(chunks), copy };
}

describe('the body tap', () => {
  it('passes a body far over the cap through unchanged and keeps only the first limit bytes of it', async () => {
    const input = Buffer.from('<x>'.padEnd(200 * 1024, 'y'));
    const { out, copy } = await throughTap(input, 64 * 1024, true);
    assert.ok(out.equals(input));
    assert.deepEqual({ ...copy, text: copy.text.length }, { bytes: input.length, truncated: true, complete: true, encoding: 'utf8', text: 64 * 1024 });
    assert.equal(copy.text, input.subarray(0, 64 * 1024).toString('utf8'));
  });

  it('keeps a binary body as base64, whole when under the cap', async () => {
    const input = randomBytes(10_000);
    const { out, copy } = await throughTap(input, 64 * 1024, false);
    assert.ok(out.equals(input));
    assert.deepEqual(copy, { bytes: 10_000, truncated: false, complete: true, encoding: 'base64', text: input.toString('base64') });
  });

  it('reports the copy as incomplete when the body is torn down before its end', () => {
    let copy: CapturedBody | undefined;
    const tap = bodyTap({ limitBytes: 1024, textual: true, onDone: (body) => (copy = body) });
    tap.write(Buffer.from('<soap:Envelope'));
    tap.destroy(new Error('client went away'));
    return new Promise<void>((resolve) => {
      tap.once('close', () => {
        assert.deepEqual(copy, { bytes: 14, truncated: false, complete: false, encoding: 'utf8', text: '<soap:Envelope' });
        resolve();
      });
    });
  });

  it('treats XML, SOAP, JSON, forms and text as textual, and WBXML as binary', () => {
    for (const type of ['text/xml; charset=utf-8', 'application/soap+xml', 'application/json', 'application/x-www-form-urlencoded', 'application/atom+xml', undefined]) assert.equal(isTextual(type), true, type);
    assert.equal(isTextual('application/vnd.ms-sync.wbxml'), false);
  });
});
