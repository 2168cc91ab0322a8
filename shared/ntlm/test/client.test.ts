import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ntHash } from '../../identity/nt-hash.ts';
import { avIds, decodeAvPairs, findAvPair, stringPair } from '../av-pairs.ts';
import { parseAuthenticateMessage } from '../authenticate-message.ts';
import { buildChallengeMessage } from '../challenge-message.ts';
import { authenticateMessage, negotiateMessage } from '../client.ts';
import { fileTimeBytes, fileTimeOf } from '../file-time.ts';
import { negotiateFlags } from '../flags.ts';
import { parseNegotiateMessage } from '../negotiate-message.ts';
import { parseNtlmv2Response, verifyNtlmv2 } from '../ntlmv2.ts';

const serverChallenge = Buffer.from('1122334455667788', 'hex');
const serverTime = new Date('2026-03-01T09:00:00Z');

function challenge(flags = negotiateFlags.NEGOTIATE_UNICODE | negotiateFlags.NEGOTIATE_NTLM): Buffer {
  return buildChallengeMessage({
    flags,
    serverChallenge,
    targetName: 'CONTOSO',
    targetInfo: [stringPair(avIds.MsvAvNbDomainName, 'CONTOSO'), stringPair(avIds.MsvAvNbComputerName, 'ADFS'), { id: avIds.MsvAvTimestamp, value: fileTimeBytes(fileTimeOf(serverTime)) }],
    version: { major: 10, minor: 0, build: 17763 },
  });
}

describe('the NTLM client', () => {
  it('opens with a NEGOTIATE_MESSAGE that asks for Unicode, NTLM and extended session security', () => {
    const flags = parseNegotiateMessage(negotiateMessage()).flags;
    for (const flag of [negotiateFlags.NEGOTIATE_UNICODE, negotiateFlags.NEGOTIATE_NTLM, negotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY]) assert.ok(flags & flag);
  });

  it('answers a challenge with an NTLMv2 response the server can verify from the NT hash alone', async () => {
    const message = parseAuthenticateMessage(await authenticateMessage(challenge(), { userName: 'joe', domain: 'CONTOSO', password: 'Joe!Lab2026', workstation: 'CLIENT-INT' }));
    assert.deepEqual([message.domain, message.userName, message.workstation], ['CONTOSO', 'joe', 'CLIENT-INT']);
    const response = parseNtlmv2Response(message.ntChallengeResponse)!;
    assert.equal(verifyNtlmv2(await ntHash('Joe!Lab2026'), 'joe', 'CONTOSO', serverChallenge, response), true);
    assert.equal(verifyNtlmv2(await ntHash('wrong'), 'joe', 'CONTOSO', serverChallenge, response), false);
  });

  it("uses the server's MsvAvTimestamp and then sends Z(24) as the LM response ([MS-NLMP] §3.1.5.1.2)", async () => {
    const message = parseAuthenticateMessage(await authenticateMessage(challenge(), { userName: 'joe', domain: 'CONTOSO', password: 'x' }, { time: new Date(0) }));
    assert.equal(parseNtlmv2Response(message.ntChallengeResponse)!.timestamp, fileTimeOf(serverTime));
    assert.deepEqual(message.lmChallengeResponse, Buffer.alloc(24));
  });

  it('adds its target name and channel bindings to the AV pairs it signs', async () => {
    const bindings = Buffer.alloc(16, 0x5a);
    const message = parseAuthenticateMessage(await authenticateMessage(challenge(), { userName: 'joe', domain: 'CONTOSO', password: 'x' }, { servicePrincipalName: 'HTTP/fs.contoso.test', channelBindingsHash: bindings }));
    const pairs = decodeAvPairs(parseNtlmv2Response(message.ntChallengeResponse)!.avPairs);
    assert.equal(findAvPair(pairs, avIds.MsvAvTargetName)?.toString('utf16le'), 'HTTP/fs.contoso.test');
    assert.deepEqual(findAvPair(pairs, avIds.MsvAvChannelBindings), bindings);
    assert.equal(findAvPair(pairs, avIds.MsvAvNbComputerName)?.toString('utf16le'), 'ADFS');
  });

  it('writes OEM strings when the server did not agree to Unicode', async () => {
    const message = parseAuthenticateMessage(await authenticateMessage(challenge(negotiateFlags.NEGOTIATE_OEM | negotiateFlags.NEGOTIATE_NTLM), { userName: 'joe', domain: 'CONTOSO', password: 'x' }));
    assert.equal(message.flags & negotiateFlags.NEGOTIATE_UNICODE, 0);
    assert.equal(message.userName, 'joe');
  });
});
