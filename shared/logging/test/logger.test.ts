import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, type Logger } from '../logger.ts';

interface CapturedLogger {
  readonly logger: Logger;
  /** Every line written so far, raw. */
  readonly lines: string[];
  /** The last line, parsed. */
  last(): Record<string, unknown>;
}

/** A logger writing to memory: one entry per line, nothing on standard output. */
function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const destination = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ service: 'adfs', level: 'info', destination });
  return {
    logger,
    lines,
    last: () => {
      const line = lines.at(-1);
      assert.ok(line, 'nothing was logged');
      return JSON.parse(line);
    },
  };
}

const redacted = '[redacted]';

describe('log redaction', () => {
  it('redacts a top-level password, token, assertion and privateKey', () => {
    const log = captureLogger();
    log.logger.info({ password: 'P@ssw0rd!', token: 'eyJhbGciOi.tok', assertion: '<saml:Assertion/>', privateKey: '-----BEGIN PRIVATE KEY-----' }, 'sign-in');
    const line = log.last();
    assert.equal(line.password, redacted);
    assert.equal(line.token, redacted);
    assert.equal(line.assertion, redacted);
    assert.equal(line.privateKey, redacted);
  });

  it('redacts the same fields nested one level inside another object', () => {
    const log = captureLogger();
    log.logger.info({ user: { password: 'P@ssw0rd!' }, grant: { token: 'eyJ.tok' }, saml: { assertion: '<a/>' }, signer: { privateKey: 'PEM' } }, 'nested');
    const line = log.last();
    assert.deepEqual(line.user, { password: redacted });
    assert.deepEqual(line.grant, { token: redacted });
    assert.deepEqual(line.saml, { assertion: redacted });
    assert.deepEqual(line.signer, { privateKey: redacted });
  });

  it('redacts the authorization and cookie headers at the top level', () => {
    const log = captureLogger();
    log.logger.info({ headers: { authorization: 'Bearer eyJ.secret', cookie: 'MSISAuth=abc', accept: 'text/xml' } }, 'headers');
    assert.deepEqual(log.last().headers, { authorization: redacted, cookie: redacted, accept: 'text/xml' });
  });

  it('redacts the authorization and cookie headers of a request object', () => {
    const log = captureLogger();
    log.logger.info({ req: { method: 'POST', headers: { authorization: 'Negotiate TlRMTVNT', cookie: 'a=b', 'proxy-authorization': 'Basic eA==' } } }, 'request');
    assert.deepEqual(log.last().req, { method: 'POST', headers: { authorization: redacted, cookie: redacted, 'proxy-authorization': redacted } });
  });

  it('redacts set-cookie of a response object', () => {
    const log = captureLogger();
    log.logger.info({ res: { statusCode: 302, headers: { 'set-cookie': ['MSISAuth=abc'] } } }, 'response');
    assert.deepEqual(log.last().res, { statusCode: 302, headers: { 'set-cookie': redacted } });
  });

  it('redacts OAuth access and refresh tokens and client assertions at the top level', () => {
    const log = captureLogger();
    log.logger.info({ access_token: 'at', refresh_token: 'rt', client_assertion: 'ca', wresult: '<t/>' }, 'token response');
    const line = log.last();
    for (const field of ['access_token', 'refresh_token', 'client_assertion', 'wresult']) assert.equal(line[field], redacted, field);
  });

  it('keeps every field that is not on the list, and the message and service', () => {
    const log = captureLogger();
    log.logger.info({ user: { name: 'alice@contoso.test', password: 'x' }, correlationId: 'c-1', status: 200 }, 'issued');
    const line = log.last();
    assert.deepEqual(line.user, { name: 'alice@contoso.test', password: redacted });
    assert.equal(line.correlationId, 'c-1');
    assert.equal(line.status, 200);
    assert.equal(line.msg, 'issued');
    assert.equal(line.service, 'adfs');
  });

  it('never writes a redacted secret anywhere in the raw line', () => {
    const log = captureLogger();
    log.logger.warn({ password: 'needle-1', user: { token: 'needle-2' }, headers: { authorization: 'needle-3' } }, 'raw');
    assert.equal(log.lines.length, 1);
    assert.doesNotMatch(log.lines[0] ?? '', /needle/);
  });

  it('writes nothing below the configured level', () => {
    const log = captureLogger();
    log.logger.debug({ password: 'x' }, 'quiet');
    assert.equal(log.lines.length, 0);
  });
});

describe('regression: secrets nested under any object are redacted, not only under req', () => {
  function lastLine(log: (logger: ReturnType<typeof createLogger>) => void): string {
    const lines: string[] = [];
    log(createLogger({ service: 'adfs', level: 'info', destination: { write: (line: string) => void lines.push(line) } }));
    return lines.at(-1) ?? '';
  }
  it('redacts an authorization header two levels down', () => {
    assert.doesNotMatch(lastLine((l) => l.info({ upstream: { headers: { authorization: 'Bearer SECRET-1' } } })), /SECRET-1/);
  });
  it('redacts access_token, refresh_token and client_assertion nested one level', () => {
    assert.doesNotMatch(lastLine((l) => l.info({ body: { access_token: 'SECRET-2', refresh_token: 'SECRET-3', client_assertion: 'SECRET-4' } })), /SECRET/);
  });
});
