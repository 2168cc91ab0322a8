import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ntHash } from '../../identity/nt-hash.ts';
import { computeNtlmv2Response, computeNtProofStr, ntlmv2ClientChallenge, ntowfv2, parseNtlmv2Response, verifyNtlmv2 } from '../ntlmv2.ts';

/**
 * [MS-NLMP] §4.2.4 NTLMv2 test values: user "User", domain "Domain", password
 * "Password", server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa,
 * time 0, and the §4.2.4 AV pairs (MsvAvNbDomainName "Domain", MsvAvNbComputerName
 * "Server", MsvAvEOL). Expected values are the spec's (§4.2.4.1.1, §4.2.4.2.1, §4.2.4.2.2).
 */
const serverChallenge = Buffer.from('0123456789abcdef', 'hex');
const clientChallenge = Buffer.alloc(8, 0xaa);
const targetInfo = Buffer.from('02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000', 'hex');
const specNtowfv2 = '0c868a403bfd7a93a3001ef22ef02e3f';
const specNtProofStr = '68cd0ab851e51c96aabc927bebef6a1c';
const specLmv2 = '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa';
const specResponse = (): Buffer => Buffer.concat([Buffer.from(specNtProofStr, 'hex'), ntlmv2ClientChallenge(0n, clientChallenge, targetInfo)]);

describe('NTLMv2 against the [MS-NLMP] §4.2.4 test vector', () => {
  it('derives the spec NTOWFv2 from the NT hash of "Password"', async () => {
    assert.equal(ntowfv2(await ntHash('Password'), 'User', 'Domain').toString('hex'), specNtowfv2);
  });

  it('computes the spec NTProofStr', async () => {
    const blob = ntlmv2ClientChallenge(0n, clientChallenge, targetInfo);
    assert.equal(computeNtProofStr(ntowfv2(await ntHash('Password'), 'User', 'Domain'), serverChallenge, blob).toString('hex'), specNtProofStr);
  });

  it('computes the spec NT and LMv2 responses as a client', async () => {
    const answer = computeNtlmv2Response({ ntHash: await ntHash('Password'), userName: 'User', domain: 'Domain', serverChallenge, clientChallenge, timestamp: 0n, avPairs: targetInfo });
    assert.deepEqual(answer.ntChallengeResponse, specResponse());
    assert.equal(answer.lmChallengeResponse.toString('hex'), specLmv2);
  });

  it('verifies the spec NT response and reads its timestamp, client challenge and AV pairs', async () => {
    const response = parseNtlmv2Response(specResponse())!;
    assert.equal(response.timestamp, 0n);
    assert.deepEqual(response.clientChallenge, clientChallenge);
    assert.deepEqual(response.avPairs.subarray(0, targetInfo.length), targetInfo);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'Domain', serverChallenge, response), true);
  });

  it('upper-cases the user name but not the domain, as NTOWFv2 does', async () => {
    const response = parseNtlmv2Response(specResponse())!;
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'user', 'Domain', serverChallenge, response), true);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'DOMAIN', serverChallenge, response), false);
  });

  it('rejects the same response for another password or another server challenge', async () => {
    const response = parseNtlmv2Response(specResponse())!;
    assert.equal(verifyNtlmv2(await ntHash('password'), 'User', 'Domain', serverChallenge, response), false);
    assert.equal(verifyNtlmv2(await ntHash('Password'), 'User', 'Domain', Buffer.from('0123456789abcdee', 'hex'), response), false);
  });

  it('does not take a 24-byte NTLMv1 response for an NTLMv2 one', () => {
    assert.equal(parseNtlmv2Response(Buffer.alloc(24)), undefined);
  });
});
