import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { channelBindingsHash, isUnbound, tlsServerEndPoint } from '../channel-bindings.ts';
import { negotiateMessage } from '../client.ts';
import { isRawNtlmssp, namesNtlmScheme, readSchemeToken, wwwAuthenticate } from '../http-authorization.ts';
import { encodeClientNegTokenResp, encodeNegTokenInit, encodeNegTokenResp, mechanismOids, negStates, parseSpnego } from '../spnego.ts';

describe('NTLM and Negotiate over HTTP', () => {
  it('reads the scheme (case-insensitively) and the token of an Authorization header', () => {
    const token = negotiateMessage();
    assert.deepEqual(readSchemeToken(`ntlm ${token.toString('base64')}`), { scheme: 'NTLM', token });
    assert.equal(readSchemeToken(`Negotiate ${token.toString('base64')}`)?.scheme, 'Negotiate');
    assert.equal(readSchemeToken('Basic am9lOng='), undefined);
    assert.equal(readSchemeToken('NTLM'), undefined);
    assert.ok(namesNtlmScheme('NTLM') && namesNtlmScheme('negotiate abc') && !namesNtlmScheme('Bearer x'));
    assert.ok(isRawNtlmssp(token));
    assert.equal(wwwAuthenticate('NTLM'), 'NTLM');
  });
});

describe('SPNEGO', () => {
  it('round-trips a NegTokenInit with NTLMSSP first and its mechToken', () => {
    const parsed = parseSpnego(encodeNegTokenInit([mechanismOids.ntlmssp, mechanismOids.kerberos], negotiateMessage()));
    assert.ok(parsed.kind === 'init');
    assert.deepEqual(parsed.mechTypes, [mechanismOids.ntlmssp, mechanismOids.kerberos]);
    assert.deepEqual(parsed.mechToken, negotiateMessage());
  });

  it("round-trips the server's and the client's NegTokenResp", () => {
    const server = parseSpnego(encodeNegTokenResp(negStates.acceptIncomplete, Buffer.alloc(300, 7)));
    assert.deepEqual(server, { kind: 'resp', negState: negStates.acceptIncomplete, supportedMech: mechanismOids.ntlmssp, responseToken: Buffer.alloc(300, 7) });
    const client = parseSpnego(encodeClientNegTokenResp(Buffer.from('abc')));
    assert.deepEqual(client, { kind: 'resp', negState: undefined, supportedMech: undefined, responseToken: Buffer.from('abc') });
  });

  it('refuses tokens that are not SPNEGO or whose lengths point outside them', () => {
    const malformed = (error: unknown) => error instanceof LabError && error.code === 'NTLM_MALFORMED_MESSAGE';
    assert.throws(() => parseSpnego(Buffer.from('hello')), malformed);
    const init = encodeNegTokenInit([mechanismOids.ntlmssp], negotiateMessage());
    assert.throws(() => parseSpnego(init.subarray(0, init.length - 5)), malformed);
    // A Kerberos GSS-API token (0x60 with the krb5 OID) is not SPNEGO.
    assert.throws(() => parseSpnego(Buffer.from('600b06092a864886f712010202', 'hex')), malformed);
  });
});

describe('channel bindings', () => {
  it('hash gss_channel_bindings_struct with tls-server-end-point and the SHA-256 of the certificate (RFC 5929)', () => {
    const der = Buffer.from('a certificate');
    const data = tlsServerEndPoint(der);
    assert.deepEqual(data, Buffer.concat([Buffer.from('tls-server-end-point:'), createHash('sha256').update(der).digest()]));
    const struct = Buffer.concat([Buffer.alloc(16), Buffer.from([data.length, 0, 0, 0]), data]);
    assert.deepEqual(channelBindingsHash(data), createHash('md5').update(struct).digest());
    assert.ok(isUnbound(Buffer.alloc(16)) && isUnbound(undefined) && !isUnbound(channelBindingsHash(data)));
  });
});
