import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import { computeNtProofStr, ntowfv2, parseNtlmv2Response, verifyNtlmv2 } from '../src/domain/ntlm/ntlmv2.ts';
import { clientBlob } from './support/ntlm-client.ts';

/**
 * [MS-NLMP] §4.2.4 NTLMv2 test values: user "User", domain "Domain", password
 * "Password", server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa,
 * time 0, and the §4.2.4 AV pairs (MsvAvNbDomainName "Domain", MsvAvNbComputerName
 * "Server", MsvAvEOL). Expected values are the spec's (§4.2.4.1.1, §4.2.4.2.2).
 */
const serverChallenge = Buffer.from('0123456789abcdef', 'hex');
const clientChallenge = Buffer.alloc(8, 0xaa);
const targetInfo = Buffer.from('02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000', 'hex');
const specNtowfv2 = '0c868a403bfd7a93a3001ef22ef02e3f';
const specNtProofStr = '68cd0ab851e51c96aabc927bebef6a1c';

describe('NTLMv2 against the [MS-NLMP] §4.2.4 test vector', () => {
  it('derives the spec NTOWFv2 from the NT hash of "Password"', async () => {
    assert.equal(ntowfv2(await ntHash('Password'), 'User', 'Domain').toString('hex'), specNtowfv2);
  });

  it('computes the spec NTProofStr', async () => {
    const blob = clientBlob(0n, clientChallenge, targetInfo);
    assert.equal(computeNtProofStr(ntowfv2(await ntHash('Password'), 'User', 'Domain'), serverChallenge, blob).toString('hex'), specNtProofStr);
  });

  it('verifies the spec NT response and reads its timestamp and client challenge', async () => {
    const response = parseNtlmv2Response(Buffer.concat([Buffer.from(specNtProofStr, 'hex'), clientBlob(0n, clientChallenge, targetInfo)]))!;
    assert.equal(response.timestamp, 0n);
    assert.deepEqual(response.clientChallenge, clientChallenge);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'Domain', serverChallenge, response), true);
  });

  it('upper-cases the user name but not the domain, as NTOWFv2 does', async () => {
    const response = parseNtlmv2Response(Buffer.concat([Buffer.from(specNtProofStr, 'hex'), clientBlob(0n, clientChallenge, targetInfo)]))!;
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'user', 'Domain', serverChallenge, response), true);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'DOMAIN', serverChallenge, response), false);
  });

  it('rejects the same response for another password or another server challenge', async () => {
    const response = parseNtlmv2Response(Buffer.concat([Buffer.from(specNtProofStr, 'hex'), clientBlob(0n, clientChallenge, targetInfo)]))!;
    assert.equal(verifyNtlmv2(await ntHash('password'), 'User', 'Domain', serverChallenge, response), false);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'Domain', Buffer.from('0123456789abcdee', 'hex'), response), false);
  });

  it('does not take a 24-byte NTLMv1 response for an NTLMv2 one', () => {
    assert.equal(parseNtlmv2Response(Buffer.alloc(24)), undefined);
  });
});
