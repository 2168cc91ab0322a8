import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { DOMParser, type Document } from '@xmldom/xmldom';
import { LabError, type LabErrorOptions } from '../lab-error.ts';
import { renderError, type ErrorContext, type ErrorFormat } from '../render.ts';

const formats: readonly ErrorFormat[] = ['json', 'oauth', 'soap11', 'soap12', 'text'];
const context: ErrorContext = { correlationId: 'corr-7f3a', errorId: 'err-5d21', service: 'adfs' };
const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap12 = 'http://www.w3.org/2003/05/soap-envelope';

const labError = (overrides: Partial<LabErrorOptions> = {}): LabError =>
  new LabError({ code: 'TOKEN_REJECTED', statusCode: 400, message: 'the token is not for this audience', hop: 'wap → adfs', ...overrides });

/** Parses strictly: any warning or error from the parser fails the test. */
function parseXml(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  });
  return parser.parseFromString(xml, 'text/xml');
}

/** The text of the first element with this name; `null` namespace for SOAP 1.1's unqualified fault children. */
function textOf(document: Document, namespace: string | null, localName: string): string | undefined {
  const elements = namespace === null ? document.getElementsByTagName(localName) : document.getElementsByTagNameNS(namespace, localName);
  const element = elements.item(0);
  if (element && namespace === null) assert.equal(element.namespaceURI, null, `${localName} should be unqualified`);
  return element?.textContent ?? undefined;
}

interface OAuthBody {
  readonly error: string;
  readonly error_description: string;
  readonly correlation_id: string;
}

const oauthOf = (error: LabError): OAuthBody => JSON.parse(renderError('oauth', error, context).body);

describe('renderError in every format', () => {
  for (const format of formats) {
    it(`shows the code, the correlation id and the hop in ${format}`, () => {
      const { body } = renderError(format, labError(), context);
      assert.ok(body.includes('TOKEN_REJECTED'), body);
      assert.ok(body.includes('corr-7f3a'), body);
      assert.ok(body.includes('wap → adfs'), body);
    });

    it(`hides the message of a 500 and shows only the error id in ${format}`, () => {
      const secret = labError({ code: 'INTERNAL', statusCode: 500, message: 'ECONNREFUSED 10.0.0.5:5432 password=hunter2' });
      const { body } = renderError(format, secret, context);
      assert.equal(secret.expose, false);
      assert.ok(!body.includes('hunter2'), body);
      assert.ok(!body.includes('ECONNREFUSED'), body);
      assert.ok(body.includes('err-5d21'), body);
    });
  }

  it('hides a message marked not exposable even below 500', () => {
    const { body } = renderError('json', labError({ expose: false, message: 'internal detail' }), context);
    assert.ok(!body.includes('internal detail'));
    assert.equal(JSON.parse(body).errorId, 'err-5d21');
  });

  it('leaves the error id out of an exposed json error', () => {
    const parsed: Record<string, unknown> = JSON.parse(renderError('json', labError(), context).body);
    assert.equal('errorId' in parsed, false);
    assert.equal(parsed.message, 'the token is not for this audience (hop: wap → adfs)');
  });

  it('puts the status and the code on the first line of text', () => {
    const { body, contentType } = renderError('text', labError(), context);
    assert.equal(body.split('\n')[0], '400 TOKEN_REJECTED: the token is not for this audience (hop: wap → adfs)');
    assert.equal(contentType, 'text/plain; charset=utf-8');
  });
});

describe('SOAP faults', () => {
  const hostile = labError({ message: '<script>alert("x")</script> & more', wireCode: 'a:FailedAuthentication' });

  it('renders a well-formed SOAP 1.1 fault whose faultstring holds the message, escaped', () => {
    const { body, contentType } = renderError('soap11', hostile, context);
    assert.equal(contentType, 'text/xml; charset=utf-8');
    assert.ok(!body.includes('<script>'));
    const document = parseXml(body);
    assert.equal(textOf(document, null, 'faultstring'), '<script>alert("x")</script> & more (hop: wap → adfs)');
    assert.equal(textOf(document, null, 'faultcode'), 's:Client');
    assert.equal(document.documentElement?.namespaceURI, soap11);
  });

  it('renders a well-formed SOAP 1.2 fault whose Reason holds the message, escaped', () => {
    const { body, contentType } = renderError('soap12', hostile, context);
    assert.equal(contentType, 'application/soap+xml; charset=utf-8');
    assert.ok(!body.includes('<script>'));
    const document = parseXml(body);
    assert.equal(textOf(document, soap12, 'Text'), '<script>alert("x")</script> & more (hop: wap → adfs)');
    assert.equal(document.documentElement?.namespaceURI, soap12);
  });

  it('escapes a hostile correlation id and code in the SOAP detail', () => {
    const odd = { ...context, correlationId: 'a<b>&"c' };
    const document = parseXml(renderError('soap11', labError({ code: 'X<Y' }), odd).body);
    assert.equal(textOf(document, null, 'CorrelationId'), 'a<b>&"c');
    assert.equal(textOf(document, null, 'LabErrorCode'), 'X<Y');
  });

  it('blames the server (s:Server, s:Receiver) for a 5xx and the sender for a 4xx', () => {
    const server = labError({ statusCode: 502 });
    assert.equal(textOf(parseXml(renderError('soap11', server, context).body), null, 'faultcode'), 's:Server');
    assert.equal(textOf(parseXml(renderError('soap12', server, context).body), soap12, 'Value'), 's:Receiver');
    assert.equal(textOf(parseXml(renderError('soap12', labError(), context).body), soap12, 'Value'), 's:Sender');
  });

  it('adds a SOAP 1.2 Subcode carrying the wire code when there is one', () => {
    const document = parseXml(renderError('soap12', labError({ wireCode: 'wst:InvalidRequest' }), context).body);
    const subcode = document.getElementsByTagNameNS(soap12, 'Subcode').item(0);
    assert.ok(subcode);
    assert.equal(subcode.textContent, 'wst:InvalidRequest');
  });

  it('leaves the SOAP 1.2 Subcode out when there is no wire code', () => {
    const document = parseXml(renderError('soap12', labError(), context).body);
    assert.equal(document.getElementsByTagNameNS(soap12, 'Subcode').length, 0);
  });
});

describe('OAuth errors', () => {
  it('answers invalid_request for a 400 without a wire code', () => {
    assert.equal(oauthOf(labError()).error, 'invalid_request');
  });

  it('answers invalid_client for a 401 without a wire code', () => {
    assert.equal(oauthOf(labError({ statusCode: 401 })).error, 'invalid_client');
  });

  it('answers the wire code when the error carries one', () => {
    assert.equal(oauthOf(labError({ statusCode: 401, wireCode: 'invalid_grant' })).error, 'invalid_grant');
  });

  it('puts the lab code in error_description and the correlation id in correlation_id', () => {
    const body = oauthOf(labError());
    assert.equal(body.error_description, 'TOKEN_REJECTED: the token is not for this audience (hop: wap → adfs)');
    assert.equal(body.correlation_id, 'corr-7f3a');
  });
});

describe('regression: SOAP faults stay well-formed XML 1.0 whatever the message holds', () => {
  it('replaces a control character that XML 1.0 forbids even as a character reference', () => {
    const error = new LabError({ code: 'UNKNOWN_USER', statusCode: 400, message: 'no user "bob\u0001"' });
    for (const format of ['soap11', 'soap12'] as const) {
      const { body } = renderError(format, error, { correlationId: 'c', errorId: 'e', service: 'adfs' });
      const expat = spawnSync('python3', ['-c', 'import sys,xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read())'], { input: body });
      assert.equal(expat.status, 0, expat.stderr.toString());
      assert.match(body, /no user &quot;bob\uFFFD&quot;/);
    }
  });
});
